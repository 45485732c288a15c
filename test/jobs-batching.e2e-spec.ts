import { SYSTEM_ACTOR } from '../src/auth/actor';
import { createApp } from '../src/app.factory';
import { JOB_DRIVER, type JobDriver } from '../src/jobs/job-driver';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobRunWriter } from '../src/jobs/job-run.writer';
import { JobsService } from '../src/jobs/jobs.service';
import { NoopJobHandler } from '../src/jobs/noop.handler';
import { standardAccounts } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, createTestDatabase, testConfig } from './support/test-app';
import { waitFor } from './support/wait';

const finished = (run: JobRun) => run.status === 'completed' || run.status === 'failed';

/** The run rows are written in bursts (JobAdmission, JobRunWriter): each run must still be stored, and stored before its 202. */
describe('job runs written in bursts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('a burst of runs enqueued side by side shares INSERTs, and each run is stored, readable at once and completed on its own', async () => {
    const { officer } = await standardAccounts(t);
    const insert = jest.spyOn(t.app.get(JobRunWriter), 'insert');
    const jobs = t.app.get(JobsService);
    const count = 120;
    // Each caller reads its run over HTTP the moment its enqueue answers, as a client does after its 202.
    const answers = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const { run, created } = await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: (i % 3) + 1 });
        const res = await t.http.get(`/api/v1/jobs/${run.id}`).set('Authorization', officer.auth);
        return { id: run.id, created, status: res.status, params: res.body.params };
      }),
    );
    expect(answers.filter((a) => a.created && a.status === 200)).toHaveLength(count);
    expect(new Set(answers.map((a) => a.id)).size).toBe(count);
    answers.forEach((a, i) => expect(a.params).toEqual({ sleepMs: (i % 3) + 1 }));
    expect(insert.mock.calls.length).toBeLessThan(count / 2);

    const ids = answers.map((a) => a.id);
    const rows = await waitFor(
      () => t.dataSource.getRepository(JobRun).findBy(ids.map((id) => ({ id }))),
      (runs) => runs.length === count && runs.every(finished),
      60_000,
      'the burst to finish',
    );
    for (const run of rows) {
      expect(run).toMatchObject({ status: 'completed', progress: 100, attempts: 1, error: null });
      expect(JSON.parse(run.result as string)).toEqual({ ok: true, pid: process.pid });
      expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
    }
  });

  it('a burst whose INSERT fails is answered with the error, runs nothing and leaves no row', async () => {
    const before = await t.dataSource.getRepository(JobRun).count();
    const run = jest.spyOn(t.app.get(NoopJobHandler), 'run');
    jest.spyOn(t.app.get(JobRunWriter), 'insert').mockRejectedValue(new Error('disk I/O error'));
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', {})));
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('rejected'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.dataSource.getRepository(JobRun).count()).toBe(before);
    expect(run).not.toHaveBeenCalled();
  });

  it('the start, progress and end of one run written in one flush keep their order', async () => {
    jest.spyOn(t.app.get(NoopJobHandler), 'run').mockImplementation(async (context) => {
      await context.progress(40);
      return { result: { reported: 40 } };
    });
    const { run } = await t.app.get(JobsService).enqueue(SYSTEM_ACTOR, 'noop', {});
    const done = await waitFor(() => t.dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id }), finished);
    expect(done).toMatchObject({ status: 'completed', progress: 100, attempts: 1, result: JSON.stringify({ reported: 40 }) });
  });
});

describe('a process that stops between storing a run and queueing it', () => {
  it('never answered the client, and the stored run is queued and completed at the next start', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.config, { redisUrl: null });
    const first = await createApp(config);
    const driver = first.get<JobDriver>(JOB_DRIVER);
    // The row is committed, then the process "dies" before the run reaches the queue.
    jest.spyOn(driver, 'dispatch').mockReturnValue(new Promise<void>(() => undefined));
    jest.spyOn(driver, 'close').mockResolvedValue(undefined);
    let answered = false;
    void first
      .get(JobsService)
      .enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: 5 })
      .then(() => (answered = true));
    const repo = () => first.get(JobsService)['dataSource'].getRepository(JobRun);
    const [stored] = await waitFor(
      () => repo().find(),
      (runs) => runs.length === 1,
    );
    expect(stored.status).toBe('queued');
    await first.close();
    expect(answered).toBe(false);

    const second = await createApp(config);
    try {
      const done = await waitFor(
        () => second.get(JobsService)['dataSource'].getRepository(JobRun).findOneByOrFail({ id: stored.id }),
        finished,
      );
      expect(done).toMatchObject({ status: 'completed', attempts: 1 });
    } finally {
      await second.close();
      await database.drop();
    }
  });
});
