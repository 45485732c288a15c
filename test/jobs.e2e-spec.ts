import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppModule } from '../src/app.module';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { createApp } from '../src/app.factory';
import { PermanentJobError } from '../src/jobs/job-catalogue';
import { JOB_DRIVER, type JobDriver } from '../src/jobs/job-driver';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobRunWriter } from '../src/jobs/job-run.writer';
import { JobsService } from '../src/jobs/jobs.service';
import { NoopJobHandler } from '../src/jobs/noop.handler';
import { standardAccounts } from './support/accounts';
import { buildOnce, childEnv, startNode } from './support/processes';
import type { TestApp } from './support/test-app';
import { createTestApp, createTestDatabase, TEST_REDIS_URL, testConfig } from './support/test-app';
import { waitFor } from './support/wait';

const runOf = (t: TestApp, id: string) => () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id });
const finished = (run: JobRun) => run.status === 'completed' || run.status === 'failed';

describe('the job layer without Redis (in-process, the embedded default)', () => {
  let t: TestApp;
  let jobs: JobsService;
  let noop: NoopJobHandler;
  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    jobs = t.app.get(JobsService);
    noop = t.app.get(NoopJobHandler);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('runs a queued job to completion and records it in the run row', async () => {
    expect(jobs.driverName).toBe('in-process');
    const { run, created } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', {});
    expect(created).toBe(true);
    const done = await waitFor(runOf(t, run.id), finished);
    expect(done).toMatchObject({ status: 'completed', progress: 100, attempts: 1, error: null });
    expect(JSON.parse(done.result as string)).toMatchObject({ ok: true });
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
  });

  it('retries a transient failure with backoff and then completes', async () => {
    jest.spyOn(noop, 'run').mockRejectedValueOnce(new Error('ECONNRESET while reading'));
    const { run } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', {});
    const done = await waitFor(runOf(t, run.id), finished);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, error: null });
  });

  it('fails a job with bad parameters at once, without retrying, and keeps the error', async () => {
    const spy = jest.spyOn(noop, 'run').mockRejectedValue(new PermanentJobError('sleepMs must be a number'));
    const { run } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', {});
    const done = await waitFor(runOf(t, run.id), finished);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: 'sleepMs must be a number' });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('gives up after the configured attempts and keeps the last error', async () => {
    const spy = jest.spyOn(noop, 'run').mockRejectedValue(new Error('database is locked'));
    const { run } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', {});
    const done = await waitFor(runOf(t, run.id), finished);
    expect(done).toMatchObject({ status: 'failed', attempts: t.config.jobs.attempts, error: 'database is locked' });
    expect(spy).toHaveBeenCalledTimes(t.config.jobs.attempts);
  });

  it('returns the same run for the same Idempotency-Key and refuses the key for a different request', async () => {
    const first = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 1 }, { idempotencyKey: 'nightly-2026-11-27' });
    const again = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 1 }, { idempotencyKey: 'nightly-2026-11-27' });
    expect(again.created).toBe(false);
    expect(again.run.id).toBe(first.run.id);
    await expect(jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 2 }, { idempotencyKey: 'nightly-2026-11-27' })).rejects.toMatchObject({
      code: 'JOB.IDEMPOTENCY_KEY_REUSED',
    });
    await expect(jobs.enqueue(SYSTEM_ACTOR, 'noop', {}, { idempotencyKey: 'has spaces' })).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
  });

  it('merges identical coalescing requests while the first one waits', async () => {
    // Hold the single worker slot so the coalesced requests stay queued.
    jest.spyOn(noop, 'run').mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { result: { ok: true } };
    });
    const blockers = await Promise.all([1, 2].map((i) => jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 1000 + i })));
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 7 }, { coalesce: true })),
    );
    expect(new Set(burst.map((b) => b.run.id)).size).toBe(1);
    expect(burst.filter((b) => b.created)).toHaveLength(1);
    await waitFor(runOf(t, burst[0].run.id), finished);
    for (const b of blockers) await waitFor(runOf(t, b.run.id), finished);
    // Once it has run, the same request starts a fresh run: the data may have changed.
    const later = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 7 }, { coalesce: true });
    expect(later.created).toBe(true);
    await waitFor(runOf(t, later.run.id), finished);
  });

  it('gives a coalesced request a run of its own when the identical run it collided with started before it was read back', async () => {
    const writer = t.app.get(JobRunWriter);
    const insert = writer.insert.bind(writer);
    const other = randomUUID();
    jest.spyOn(writer, 'insert').mockImplementationOnce(async (runs) => {
      // An identical request is stored first, so this INSERT is refused by the unique key …
      await insert([Object.assign(new JobRun(), { ...runs[0], id: other })]);
      try {
        return await insert(runs);
      } finally {
        // … and that run starts, releasing its coalescing key, before this request reads it back.
        await t.dataSource.getRepository(JobRun).update({ id: other }, { status: 'completed', dedupeKey: null, finishedAt: new Date() });
      }
    });
    const answer = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 9 }, { coalesce: true });
    expect(answer.created).toBe(true);
    expect(answer.run.id).not.toBe(other);
    expect(await waitFor(runOf(t, answer.run.id), finished)).toMatchObject({ status: 'completed' });
  });

  it('lets the same coalesced request through again after the queue refused it (503), instead of answering with the failed run', async () => {
    jest.spyOn(t.app.get<JobDriver>(JOB_DRIVER), 'dispatch').mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 11 }, { coalesce: true })).rejects.toMatchObject({
      code: 'SERVICE.UNAVAILABLE',
    });
    const refused = await t.dataSource.getRepository(JobRun).findOneByOrFail({ params: JSON.stringify({ sleepMs: 11 }) });
    expect(refused).toMatchObject({ status: 'failed', dedupeKey: null });
    const again = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 11 }, { coalesce: true });
    expect(again.created).toBe(true);
    expect(again.run.id).not.toBe(refused.id);
    expect(await waitFor(runOf(t, again.run.id), finished)).toMatchObject({ status: 'completed' });
  });

  it('lets a municipality see only its own runs, and officers and auditors all of them', async () => {
    const { officer, auditor, kassel, darmstadt } = await standardAccounts(t);
    const mine = await jobs.enqueue({ ...SYSTEM_ACTOR, userId: kassel.id, role: 'municipality', bodyId: kassel.bodyId }, 'noop', {});
    await waitFor(runOf(t, mine.run.id), finished);
    await t.http.get(`/api/v1/jobs/${mine.run.id}`).set('Authorization', kassel.auth).expect(200);
    await t.http.get(`/api/v1/jobs/${mine.run.id}`).set('Authorization', darmstadt.auth).expect(404);
    await t.http.get(`/api/v1/jobs/${mine.run.id}`).set('Authorization', officer.auth).expect(200);
    await t.http.get(`/api/v1/jobs/${mine.run.id}`).set('Authorization', auditor.auth).expect(200);
    const list = await t.http.get('/api/v1/jobs').set('Authorization', darmstadt.auth).expect(200);
    expect(list.body.total).toBe(0);
    const all = await t.http.get('/api/v1/jobs?kind=noop&status=completed').set('Authorization', officer.auth).expect(200);
    expect(all.body.items.map((r: { id: string }) => r.id)).toContain(mine.run.id);
    await t.http.get('/api/v1/jobs/not-a-uuid').set('Authorization', officer.auth).expect(400);
    await t.http.get('/api/v1/jobs?status=exploded').set('Authorization', officer.auth).expect(400);
    await t.http.get(`/api/v1/jobs/${mine.run.id}`).expect(401);
  });
});

describe('runs left behind by a stopped process', () => {
  it('are picked up again when the service starts', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.config, { redisUrl: null });
    const first = await createApp(config);
    const { run } = await first.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 60_000 });
    const repo = () => first.get(JobsService)['dataSource'].getRepository(JobRun);
    await waitFor(
      () => repo().findOneByOrFail({ id: run.id }),
      (r) => r.status === 'running',
    );
    // Simulate a crash: forget the in-memory work, leave the row "running".
    const driver = first.get(JobsService)['driver'] as { close(): Promise<void> };
    jest.spyOn(driver, 'close').mockResolvedValue(undefined);
    await first.close();

    // Armed before the start: recovery hands the run to the driver while the app boots.
    const recovered = jest.spyOn(NoopJobHandler.prototype, 'run').mockResolvedValue({ result: { recovered: true } });
    const second = await createApp(config);
    const jobs = second.get(JobsService);
    const done = await waitFor(() => jobs['dataSource'].getRepository(JobRun).findOneByOrFail({ id: run.id }), finished);
    expect(done.status).toBe('completed');
    expect(JSON.parse(done.result as string)).toEqual({ recovered: true });
    recovered.mockRestore();
    await second.close();
    await database.drop();
  });
});

describe('the job layer on BullMQ (real Redis)', () => {
  beforeAll(async () => {
    // A missing Redis fails here, locally as in CI: queue tests are never skipped.
    const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    await redis.quit();
    buildOnce();
  }, 120_000);

  it('the API only enqueues; a separate worker processes the run; retries survive a transient failure', async () => {
    const t = await createTestApp({ redisUrl: TEST_REDIS_URL });
    let worker: INestApplicationContext | undefined;
    try {
      const jobs = t.app.get(JobsService);
      expect(jobs.driverName).toBe('bullmq');
      const { run } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await runOf(t, run.id)()).status).toBe('queued');

      // Armed before the worker starts: a first delivery runs at once, without reading its row first.
      const flaky = jest.spyOn(NoopJobHandler.prototype, 'run').mockRejectedValueOnce(new Error('socket hang up'));
      worker = await NestFactory.createApplicationContext(AppModule.forRoot({ ...t.config, role: 'worker' }), {
        logger: false,
        abortOnError: false,
      });
      const done = await waitFor(runOf(t, run.id), finished);
      expect(done).toMatchObject({ status: 'completed', attempts: 2, error: null });
      expect(flaky).toHaveBeenCalledTimes(2);
      flaky.mockRestore();

      const health = await t.http.get('/health').expect(200);
      expect(health.body.info.jobs).toMatchObject({ status: 'up', driver: 'bullmq', redis: 'up' });
    } finally {
      await worker?.close();
      await t.close();
    }
  });

  it('a job whose worker is killed mid-run is finished by another worker', async () => {
    const t = await createTestApp({ redisUrl: TEST_REDIS_URL });
    const fast = { JOB_LOCK_MS: '2000', JOB_STALLED_CHECK_MS: '1000' };
    const a = startNode('worker.js', childEnv(t.config, fast));
    let b: ReturnType<typeof startNode> | undefined;
    try {
      const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 4000 });
      await waitFor(runOf(t, run.id), (r) => r.status === 'running', 30_000, 'worker A to start the job');
      a.process.kill('SIGKILL');
      await a.exited;
      b = startNode('worker.js', childEnv(t.config, fast));
      const done = await waitFor(runOf(t, run.id), finished, 40_000, 'worker B to finish the job');
      expect(done.status).toBe('completed');
      expect(JSON.parse(done.result as string)).toMatchObject({ ok: true, pid: b.process.pid });
    } finally {
      a.process.kill('SIGKILL');
      b?.process.kill('SIGTERM');
      await b?.exited;
      await t.close();
    }
  }, 90_000);

  it('SIGTERM lets the running job finish, then the worker exits cleanly', async () => {
    const t = await createTestApp({ redisUrl: TEST_REDIS_URL });
    const worker = startNode('worker.js', childEnv(t.config));
    try {
      const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 1500 });
      await waitFor(runOf(t, run.id), (r) => r.status === 'running', 30_000, 'the worker to start the job');
      worker.process.kill('SIGTERM');
      const exit = await worker.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect((await runOf(t, run.id)()).status).toBe('completed');
    } finally {
      worker.process.kill('SIGKILL');
      await t.close();
    }
  }, 60_000);
});
