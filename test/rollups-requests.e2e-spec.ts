import { SYSTEM_ACTOR } from '../src/auth/actor';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { RollupSnapshot } from '../src/rollups/rollup-snapshot.entity';
import { RollupsService } from '../src/rollups/rollups.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { finishedRun, requestRollup, runRollup } from './support/rollups';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';
import { waitFor } from './support/wait';

describe('requesting roll-ups', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let kassel: Account;
  const rollupRuns = () => t.dataSource.getRepository(JobRun).countBy({ kind: 'rollup' });

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, auditor, kassel } = await standardAccounts(t));
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  /** Keeps every worker slot busy with a sleeping no-op, so the next roll-up waits in the queue. */
  async function occupyWorkers(ms: number): Promise<void> {
    const jobs = t.app.get(JobsService);
    const blockers: string[] = [];
    for (let i = 0; i < t.config.jobs.concurrency; i++) blockers.push((await jobs.enqueue(SYSTEM_ACTOR, 'noop', { sleepMs: ms })).run.id);
    await waitFor(
      () => t.dataSource.getRepository(JobRun).findBy(blockers.map((id) => ({ id }))),
      (runs) => runs.every((r) => r.status === 'running'),
      10_000,
      'the blockers to run',
    );
  }

  describe('who may', () => {
    it('a municipality gets 403 on every roll-up route and queues nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const post = await requestRollup(t, kassel.auth, { kind: 'funding' }).expect(403);
      expect(post.body).toMatchObject({ statusCode: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
      for (const path of ['/api/v1/rollups', '/api/v1/rollups/1', '/api/v1/rollups/compare?from=1&to=2']) {
        const res = await t.http.get(path).set('Authorization', kassel.auth).expect(403);
        expect(res.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
      }
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('without a token the answer is 401', async () => {
      await t.http.post('/api/v1/rollups').send({ kind: 'funding' }).expect(401);
      await t.http.get('/api/v1/rollups').expect(401);
    });

    it('an auditor may start one: 202 with the run id, its status and where to poll', async () => {
      const res = await requestRollup(t, auditor.auth, { kind: 'progress', groupBy: 'category' }).expect(202);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued', url: `/api/v1/jobs/${res.body.id}` });
      const run = await finishedRun(t, auditor.auth, res.body.id);
      expect(run).toMatchObject({ status: 'completed', params: { kind: 'progress', groupBy: 'category' } });
      expect(run.result.groups[0].by).toBe('category');
    });
  });

  describe('bad requests', () => {
    it.each([
      [{ kind: 'budget' }, 'kind'],
      [{}, 'kind'],
      [{ kind: 'funding', groupBy: 'city' }, 'groupBy'],
      [{ kind: 'progress', groupBy: 'budgetYear' }, 'groupBy'],
      [{ kind: 'funding', extra: 1 }, 'extra'],
    ])('%j is refused with 400 naming %s, and nothing is queued', async (body, field) => {
      const before = await rollupRuns();
      const res = await requestRollup(t, officer.auth, body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION.INVALID' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await rollupRuns()).toBe(before);
    });

    it('a malformed Idempotency-Key is refused with 400', async () => {
      const res = await requestRollup(t, officer.auth, { kind: 'funding' }, 'not a key!').expect(400);
      expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('snapshot ids: unknown → 404, not a number → 400; compare needs both ids and one kind', async () => {
      expect((await t.http.get('/api/v1/rollups/999999').set('Authorization', officer.auth).expect(404)).body.code).toBe(
        'ROLLUP.NOT_FOUND',
      );
      expect((await t.http.get('/api/v1/rollups/abc').set('Authorization', officer.auth).expect(400)).body.details[0].field).toBe('id');
      const missing = await t.http.get('/api/v1/rollups/compare?from=1').set('Authorization', officer.auth).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('to');
      await t.http.get('/api/v1/rollups?kind=budget').set('Authorization', officer.auth).expect(400);

      const funding = await runRollup(t, officer.auth, { kind: 'funding' });
      const progress = await runRollup(t, officer.auth, { kind: 'progress' });
      const res = await t.http
        .get(`/api/v1/rollups/compare?from=${funding.result.snapshotId}&to=${progress.result.snapshotId}`)
        .set('Authorization', officer.auth)
        .expect(422);
      expect(res.body.code).toBe('ROLLUP.KIND_MISMATCH');
      expect(
        (
          await t.http
            .get(`/api/v1/rollups/compare?from=${funding.result.snapshotId}&to=999999`)
            .set('Authorization', officer.auth)
            .expect(404)
        ).body.code,
      ).toBe('ROLLUP.NOT_FOUND');
    });
  });

  describe('duplicates', () => {
    it('20 identical requests in parallel, while the queue is busy, become one run and one snapshot', async () => {
      await occupyWorkers(2_000);
      const before = await rollupRuns();
      // Half ask for the default grouping explicitly: the same request.
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          requestRollup(t, i % 2 ? officer.auth : auditor.auth, i % 4 < 2 ? { kind: 'funding' } : { kind: 'funding', groupBy: 'round' }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
      const ids = new Set(responses.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      expect(await rollupRuns()).toBe(before + 1);
      // A different grouping is a different request.
      const other = await requestRollup(t, officer.auth, { kind: 'funding', groupBy: 'state' }).expect(202);
      expect(ids.has(other.body.id)).toBe(false);

      const [id] = [...ids];
      const run = await finishedRun(t, officer.auth, id);
      expect(run).toMatchObject({ status: 'completed', attempts: 1 });
      expect(await t.dataSource.getRepository(RollupSnapshot).countBy({ jobRunId: id })).toBe(1);
      // Once it has run, the same request starts a new run.
      const again = await requestRollup(t, officer.auth, { kind: 'funding' }).expect(202);
      expect(again.body.id).not.toBe(id);
      await finishedRun(t, officer.auth, again.body.id);
      await finishedRun(t, officer.auth, other.body.id);
    });

    it('the same Idempotency-Key returns the same run, even after it completed; another body with it is a 409', async () => {
      const first = await requestRollup(t, officer.auth, { kind: 'progress' }, 'nightly-2026-03-15').expect(202);
      await finishedRun(t, officer.auth, first.body.id);
      const second = await requestRollup(t, officer.auth, { kind: 'progress' }, 'nightly-2026-03-15').expect(202);
      expect(second.body).toEqual({ id: first.body.id, status: 'completed', url: `/api/v1/jobs/${first.body.id}` });
      const reused = await requestRollup(t, officer.auth, { kind: 'funding' }, 'nightly-2026-03-15').expect(409);
      expect(reused.body.code).toBe('JOB.IDEMPOTENCY_KEY_REUSED');
      // Keys belong to their caller.
      const auditors = await requestRollup(t, auditor.auth, { kind: 'progress' }, 'nightly-2026-03-15').expect(202);
      expect(auditors.body.id).not.toBe(first.body.id);
      await finishedRun(t, auditor.auth, auditors.body.id);
    });

    it('a retried run replaces its own snapshot instead of adding one', async () => {
      const rollups = t.app.get(RollupsService);
      const save = rollups.save.bind(rollups);
      // The first attempt stores its snapshot, then fails as if the connection dropped.
      jest.spyOn(rollups, 'save').mockImplementationOnce(async (...args) => {
        await save(...args);
        throw new Error('connection reset after the snapshot was written');
      });
      const run = await runRollup(t, officer.auth, { kind: 'funding', groupBy: 'budgetYear' });
      expect(run.attempts).toBe(2);
      const snapshots = await t.dataSource.getRepository(RollupSnapshot).findBy({ jobRunId: run.id });
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]).toMatchObject({ id: run.result.snapshotId, contentHash: run.contentHash });
    });
  });
});
