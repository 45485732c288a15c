import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { createApp } from '../src/app.factory';
import type { AppConfig } from '../src/config/app-config';
import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { PermanentJobError } from '../src/jobs/job-catalogue';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import { JobRun, waitingRun } from '../src/jobs/job-run.entity';
import { JobRunWriter } from '../src/jobs/job-run.writer';
import { JobsService } from '../src/jobs/jobs.service';
import { NoopJobHandler } from '../src/jobs/noop.handler';
import { completion } from './support/jobs';
import { standardAccounts } from './support/accounts';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestDatabase, TEST_REDIS_URL, testConfig } from './support/test-app';
import { waitFor } from './support/wait';

const finished = (run: JobRun) => run.status === 'completed' || run.status === 'failed';

/** An app on real Redis that also works its queue (JOBS_WORK_IN_API), on the given database and queue. */
async function start(config: AppConfig): Promise<TestApp> {
  const app = await createApp(config);
  return {
    app,
    http: request((app as NestFastifyApplication).getHttpServer()),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    config,
    close: () => app.close(),
  };
}

/**
 * On BullMQ a run's completion is written behind: the worker returns it to the queue (BullMQ keeps it as the
 * job's return value) and the row follows a flush later. These specs leave a row behind the queue as a crash
 * would — the row set back to what it said before the completion's write, by plain SQL — and check that the run
 * is shown with the queue's outcome, that the row is repaired, and that start-up recovery repairs such rows
 * without running the job again. Real Redis, real database.
 */
describe('run outcomes kept by the queue (BullMQ, real Redis)', () => {
  let database: TestDatabase;
  let config: AppConfig;
  let t: TestApp;
  let officer: { auth: string };
  const rowOf = (id: string) => t.dataSource.getRepository(JobRun).findOneByOrFail({ id });
  const queue = () => t.app.get<BullMqJobDriver>(JOB_DRIVER).queue;
  /** The row as it was before its end was written: the completion reached Redis, not the database. */
  const setBack = (id: string, status: 'queued' | 'running') =>
    t.dataSource.getRepository(JobRun).update({ id }, { status, progress: 0, result: null, error: null, finishedAt: null });
  const endedInQueue = (id: string, state: 'completed' | 'failed') =>
    waitFor(
      () => queue().getJobState(id),
      (s) => s === state,
      10_000,
      `job ${id} ${state} in BullMQ`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.config, { redisUrl: TEST_REDIS_URL });
    config.jobs = { ...config.jobs, workInApi: true };
    t = await start(config);
    ({ officer } = await standardAccounts(t));
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('a run whose completion reached Redis but not the database is shown completed, and its row is repaired', async () => {
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', {});
    const done = await waitFor(() => rowOf(run.id), finished);
    await endedInQueue(run.id, 'completed');
    await setBack(run.id, 'running');

    const res = await t.http.get(`/api/v1/jobs/${run.id}`).set('Authorization', officer.auth).expect(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      progress: 100,
      attempts: 1,
      error: null,
      result: { ok: true, pid: process.pid },
    });
    expect(res.body.finishedAt).toBe(done.finishedAt!.toISOString());
    expect(await rowOf(run.id)).toMatchObject({ status: 'completed', progress: 100, result: done.result, finishedAt: done.finishedAt });

    // The list shows it the same way.
    await setBack(run.id, 'queued');
    const list = await t.http.get('/api/v1/jobs?kind=noop').set('Authorization', officer.auth).expect(200);
    expect(list.body.items.find((r: { id: string }) => r.id === run.id)).toMatchObject({ status: 'completed', progress: 100 });
  });

  it('a run BullMQ failed for good while its row still says running is shown failed with the queue’s reason', async () => {
    jest.spyOn(t.app.get(NoopJobHandler), 'run').mockRejectedValue(new PermanentJobError('sleepMs must be a number'));
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', {});
    await waitFor(() => rowOf(run.id), finished);
    await endedInQueue(run.id, 'failed');
    await setBack(run.id, 'running');

    const res = await t.http.get(`/api/v1/jobs/${run.id}`).set('Authorization', officer.auth).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', attempts: 1, error: 'sleepMs must be a number', result: null });
    expect(await rowOf(run.id)).toMatchObject({ status: 'failed', error: 'sleepMs must be a number' });
  });

  it('start-up recovery repairs rows from the queue without running those jobs again, and runs again what the queue no longer holds', async () => {
    const jobs = t.app.get(JobsService);
    const completedQueued = (await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 1 })).run;
    const completedRunning = (await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 2 })).run;
    const removed = (await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 3 })).run;
    const before = new Map<string, JobRun>();
    for (const run of [completedQueued, completedRunning, removed]) {
      before.set(run.id, await waitFor(() => rowOf(run.id), finished));
      await endedInQueue(run.id, 'completed');
    }
    // A stop that lost the last flush: one row never saw its start either, one did; one job the queue no longer holds
    // (its completed jobs are trimmed), so its end is known nowhere.
    await setBack(completedQueued.id, 'queued');
    await setBack(completedRunning.id, 'running');
    await setBack(removed.id, 'running');
    await queue().remove(removed.id);
    await t.app.close();

    const handler = jest.spyOn(NoopJobHandler.prototype, 'run').mockResolvedValue({ result: { again: true } });
    t = await start(config);
    for (const run of [completedQueued, completedRunning]) {
      // Repaired during start-up, before the app answers.
      expect(await rowOf(run.id)).toMatchObject({
        status: 'completed',
        progress: 100,
        attempts: 1,
        result: before.get(run.id)!.result,
        startedAt: before.get(run.id)!.startedAt,
        finishedAt: before.get(run.id)!.finishedAt,
      });
    }
    const rerun = await waitFor(() => rowOf(removed.id), finished);
    expect(rerun).toMatchObject({ status: 'completed', result: JSON.stringify({ again: true }) });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

/** On BullMQ a run's INSERT and its queue call go out together: its worker may write before the row is committed. */
describe('a completion written behind before its row is stored', () => {
  let t: TestApp;
  beforeAll(async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.config, { redisUrl: null });
    const started = await start(config);
    t = { ...started, close: async () => (await started.close(), await database.drop()) };
  });
  afterAll(() => t.close());

  it('is tried again until the row is there, and lands', async () => {
    const writer = t.app.get(JobRunWriter);
    const id = randomUUID();
    const startedAt = new Date(Date.now() - 5);
    const finishedAt = new Date();
    void writer.start(id, 1, startedAt, { behind: true });
    void writer.complete(id, completion({ finishedAt, startedAt, result: JSON.stringify({ late: true }) }), { behind: true });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const run = waitingRun({
      id,
      kind: 'noop',
      params: '{}',
      dedupeKey: null,
      requestedById: null,
      scopeBodyId: null,
      createdAt: new Date(),
    });
    await writer.insert([run]);
    const done = await waitFor(
      () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id }),
      (r) => r.status === 'completed',
    );
    expect(done).toMatchObject({ progress: 100, attempts: 1, result: JSON.stringify({ late: true }), startedAt, finishedAt });
  });
});
