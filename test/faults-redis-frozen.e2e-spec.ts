import { REDIS_WAIT_MS } from '../src/jobs/bullmq.driver';
import { standardAccounts } from './support/accounts';
import { requestExport } from './support/exports';
import type { Service } from './support/services';
import { ownRedis } from './support/services';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { timed } from './support/wait';

/**
 * Redis that is up but does not answer (the process frozen: its port open, its connections established, no reply),
 * which a closed connection does not show: nothing may wait for it longer than the 2 s a request gets. Enqueueing
 * answers 503 in the contract, /health says Redis is down, and reading a run that is still open (checked against the
 * queue for an end the queue may hold, see JobsService.reconcile) answers what the database holds, after a quarter
 * of a second (OUTCOME_WAIT_MS), not after the queue's command timeout.
 */
describe('Redis frozen (connected, not answering)', () => {
  let redis: Service;
  let t: TestApp;
  let officer: { auth: string };

  beforeAll(async () => {
    redis = await ownRedis();
    // Jobs are queued, not worked, in this process: the runs stay open.
    t = await createTestApp({ redisUrl: redis.url });
    ({ officer } = await standardAccounts(t));
  }, 60_000);
  afterAll(async () => {
    redis?.thaw?.();
    await t?.close();
    await redis?.destroy();
  });

  it('answers within 2 s: 503 for what needs the queue, the stored run for a read', async () => {
    const queued = (await requestExport(t, officer.auth, { format: 'csv' }).expect(202)).body.id as string;
    expect((await t.http.get(`/api/v1/jobs/${queued}`).set('authorization', officer.auth).expect(200)).body.status).toBe('queued');
    const runsBefore = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM job_run'))[0].n);

    redis.freeze?.();
    for (let i = 0; i < 2; i++) {
      // The read does not wait the queue's command timeout (REDIS_WAIT_MS): it gives the queue OUTCOME_WAIT_MS (a quarter second).
      const read = await timed(() => t.http.get(`/api/v1/jobs/${queued}`).set('authorization', officer.auth));
      expect({ status: read.res.status, run: read.res.body.status, fast: read.ms < REDIS_WAIT_MS }).toEqual({
        status: 200,
        run: 'queued',
        fast: true,
      });

      const enqueue = await timed(() => requestExport(t, officer.auth, { format: 'csv', round: 2 }));
      expect({ status: enqueue.res.status, code: enqueue.res.body.code, fast: enqueue.ms < 2000 }).toEqual({
        status: 503,
        code: 'SERVICE.UNAVAILABLE',
        fast: true,
      });

      const health = await timed(() => t.http.get('/health'));
      expect({ status: health.res.status, fast: health.ms < 2000 }).toEqual({ status: 503, fast: true });
    }
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM job_run'))[0].n)).toBe(runsBefore);

    redis.thaw?.();
    // Once it answers again, so does the queue.
    await requestExport(t, officer.auth, { format: 'csv', round: 3 }).expect(202);
  }, 60_000);

  it('answers the requests that arrive while the queue is being found down with that answer, not after a check of their own', async () => {
    redis.freeze?.();
    try {
      // Sent while the first burst's queue check (or queue call) waits out REDIS_WAIT_MS: each is answered when it gives
      // up, within about one such wait of its sending, not after a second wait of its own (≈ 2 s).
      const answers = await Promise.all(
        [0, 150, 300, 450, 600].map(async (delayMs, i) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return timed(() => requestExport(t, officer.auth, { format: 'csv', round: 1 + (i % 3) }));
        }),
      );
      expect(answers.map((a) => ({ status: a.res.status, code: a.res.body.code, fast: a.ms < REDIS_WAIT_MS * 1.5 }))).toEqual(
        answers.map(() => ({ status: 503, code: 'SERVICE.UNAVAILABLE', fast: true })),
      );
    } finally {
      redis.thaw?.();
    }
    await requestExport(t, officer.auth, { format: 'csv', round: 3 }).expect(202);
  }, 60_000);
});
