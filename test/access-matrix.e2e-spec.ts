import type TestAgent from 'supertest/lib/agent';
import type { Actor } from '../src/auth/actor';
import { Commitment } from '../src/funding/commitment.entity';
import { Disbursement } from '../src/funding/disbursement.entity';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { Notification } from '../src/notifications/notification.entity';
import { ReportingObligation } from '../src/obligations/reporting-obligation.entity';
import { Project } from '../src/projects/project.entity';
import { Report } from '../src/reports/report.entity';
import { Strategy } from '../src/strategy/strategy.entity';
import type { Account } from './support/accounts';
import { createAccount, standardAccounts } from './support/accounts';
import { syncObligations } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { cascade } from './support/strategy';
import { waitFor } from './support/wait';

/**
 * Every route × every caller, from one table. "own" is the Kassel municipality
 * acting on Kassel's project and its reports, runs and notifications; "other"
 * is the same account acting on Darmstadt's. A route missing from the table
 * fails the first test, so a new route cannot be forgotten.
 */
import type { Fixtures, Who } from './support/access-matrix';
import { CALLERS, expectedCode, MATRIX, nextPeriod } from './support/access-matrix';

describe('the access matrix: every route × every role × own and other project', () => {
  let t: TestApp;
  let f: Fixtures;

  const actorOf = (account: Account): Actor => ({
    userId: account.id,
    role: account.role,
    email: account.email,
    bodyId: account.bodyId,
    requestId: null,
    ip: null,
  });

  beforeAll(async () => {
    t = await createTestApp();
    const accounts = await standardAccounts(t);
    const projects = t.dataSource.getRepository(Project);
    const project = {
      own: (await projects.findOneByOrFail({ slug: 'kassel' })).id,
      other: (await projects.findOneByOrFail({ slug: 'darmstadt' })).id,
    };
    const commitments: number[] = [];
    for (const projectId of Object.values(project)) {
      const { identifiers } = await t.dataSource
        .getRepository(Commitment)
        .insert({ projectId, amountCents: 100_000_000, date: '2021-06-01', phase: 'B', budgetYear: 2021, note: null, createdById: null });
      commitments.push(identifiers[0].id as number);
    }
    const { identifiers: paid } = await t.dataSource
      .getRepository(Disbursement)
      .insert({ projectId: project.own, amountCents: 1_000, date: '2022-03-01', budgetYear: 2022, note: null, createdById: null });
    await syncObligations(t);
    const openObligation = async (projectId: number) =>
      (await t.dataSource.getRepository(ReportingObligation).findOneByOrFail({ projectId, state: 'open' })).id;
    const jobs = t.app.get(JobsService);
    const finished = async (id: string) =>
      waitFor(
        () => t.dataSource.getRepository(JobRun).findOneByOrFail({ id }),
        (r) => r.status === 'completed' || r.status === 'failed',
      );
    const exportOf = async (account: Account) => {
      const { run } = await jobs.enqueue(
        actorOf(account),
        'export',
        { format: 'json', scopeBodyId: account.bodyId },
        { scopeBodyId: account.bodyId },
      );
      expect((await finished(run.id)).status).toBe('completed');
      return run.id;
    };
    const run = { own: await exportOf(accounts.kassel), other: await exportOf(accounts.darmstadt) };
    for (const i of [1, 2]) {
      const { run: rollup } = await jobs.enqueue(
        actorOf(accounts.officer),
        'rollup',
        { kind: 'funding' },
        { idempotencyKey: `matrix-${i}` },
      );
      expect((await finished(rollup.id)).status).toBe('completed');
    }
    const list = await t.http.get('/api/v1/rollups?kind=funding').set('Authorization', accounts.officer.auth).expect(200);
    const snapshots = list.body.items.map((s: { id: number }) => s.id).slice(0, 2) as [number, number];

    let users = 0;
    const tokenOf: Record<Who, string | undefined> = {
      anonymous: undefined,
      officer: accounts.officer.auth,
      auditor: accounts.auditor.auth,
      own: accounts.kassel.auth,
      other: accounts.kassel.auth,
    };
    const as = (who: Who) => {
      const auth = tokenOf[who];
      const wrap = (method: 'get' | 'post' | 'patch' | 'put' | 'delete') => (url: string) =>
        auth ? t.http[method](url).set('Authorization', auth) : t.http[method](url);
      return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), put: wrap('put'), delete: wrap('delete') } as unknown as Pick<
        TestAgent,
        'get' | 'post' | 'patch' | 'put' | 'delete'
      >;
    };
    f = {
      t,
      as,
      accounts,
      project,
      run,
      snapshots,
      entries: { commitment: commitments[0], disbursement: paid[0].id as number },
      obligation: { own: await openObligation(project.own), other: await openObligation(project.other) },
      side: (who) => (who === 'other' ? 'other' : 'own'),
      report: async (side, status) => {
        const { identifiers } = await t.dataSource.getRepository(Report).insert({
          projectId: project[side],
          period: nextPeriod(),
          type: 'progress',
          status,
          version: 1,
          dueDate: '2020-01-31',
          narrative: 'What happened in the period.',
          overallStatus: 'on_track',
          overallStatusReason: null,
          submittedAt: status === 'submitted' ? new Date() : null,
          createdById: accounts.kassel.id,
        });
        return identifiers[0].id as number;
      },
      notification: async (side) => {
        const { identifiers } = await t.dataSource.getRepository(Notification).insert({
          userId: side === 'own' ? accounts.kassel.id : accounts.darmstadt.id,
          kind: 'report_due',
          projectId: project[side],
          reportType: 'progress',
          period: nextPeriod(),
          dueDate: '2026-07-31',
          message: 'due',
          createdAt: new Date(),
          readAt: null,
        });
        return identifiers[0].id as number;
      },
      user: async () => (await createAccount(t, 'auditor', `target-${users++}@example.org`)).id,
      strategy: async (side, status) => {
        const strategies = t.dataSource.getRepository(Strategy);
        if (!(await strategies.existsBy({ projectId: project[side] }))) {
          const writer = side === 'own' ? accounts.kassel : accounts.darmstadt;
          await t.http
            .put(`/api/v1/projects/${project[side]}/strategy`)
            .set('Authorization', writer.auth)
            .set('If-Match', '0')
            .send(cascade())
            .expect(200);
        }
        await strategies.update({ projectId: project[side] }, { status });
        return (await strategies.findOneByOrFail({ projectId: project[side] })).version;
      },
    };
  }, 120_000);
  afterAll(() => t.close());

  it('covers every route the service documents, and nothing else', async () => {
    const docs = await t.http.get('/docs-json').expect(200);
    const documented = Object.entries(docs.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cells = Object.entries(MATRIX).flatMap(([route, row]) => CALLERS.map((who) => ({ route, who, row })));

  it.each(cells)('$route as $who', async ({ route, who, row }) => {
    const res = await row.send(f, who);
    expect({ status: res.status, code: res.status >= 400 ? res.body.code : undefined }).toEqual({
      status: row.expect[who],
      code: expectedCode(route, row.expect[who]),
    });
  });
});
