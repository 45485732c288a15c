import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { Actor } from '../src/auth/actor';
import { Commitment } from '../src/funding/commitment.entity';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { Notification } from '../src/notifications/notification.entity';
import { Project } from '../src/projects/project.entity';
import { Report } from '../src/reports/report.entity';
import type { Account } from './support/accounts';
import { createAccount, PASSWORD, standardAccounts } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Every route × every caller, from one table. "own" is the Kassel municipality
 * acting on Kassel's project and its reports, runs and notifications; "other"
 * is the same account acting on Darmstadt's. A route missing from the table
 * fails the first test, so a new route cannot be forgotten.
 */
type Who = 'anonymous' | 'officer' | 'auditor' | 'own' | 'other';
const CALLERS: Who[] = ['anonymous', 'officer', 'auditor', 'own', 'other'];

interface Fixtures {
  t: TestApp;
  /** Requests as this caller (with its token, or none). */
  as(who: Who): Pick<TestAgent, 'get' | 'post' | 'patch' | 'delete'>;
  accounts: Awaited<ReturnType<typeof standardAccounts>>;
  project: Record<'own' | 'other', number>;
  /** A target that belongs to the caller's side: Kassel's for officer/auditor/own, Darmstadt's for other. */
  side(who: Who): 'own' | 'other';
  report(side: 'own' | 'other', status: Report['status']): Promise<number>;
  notification(side: 'own' | 'other'): Promise<number>;
  run: Record<'own' | 'other', string>;
  snapshots: [number, number];
  user(): Promise<number>;
}

type Expect = Record<Who, number>;
const all = (status: number): Expect => ({ anonymous: status, officer: status, auditor: status, own: status, other: status });
const signedIn = (status: number): Expect => ({ anonymous: 401, officer: status, auditor: status, own: status, other: status });
const officersOnly = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: 403, own: 403, other: 403 });
const readersOnly = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: ok, own: 403, other: 403 });
const projectRead = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: ok, own: ok, other: 404 });
const municipalityWrite = (ok: number): Expect => ({ anonymous: 401, officer: 403, auditor: 403, own: ok, other: 404 });

interface Row {
  expect: Expect;
  send(f: Fixtures, who: Who): Promise<Response>;
}

let period = 0;
const nextPeriod = () => `${1950 + period++}-H1`;

const MATRIX: Record<string, Row> = {
  'GET /health': { expect: all(200), send: async (f, who) => f.as(who).get('/health') },
  'POST /api/v1/auth/login': {
    expect: all(200),
    send: async (f, who) => f.as(who).post('/api/v1/auth/login').send({ email: f.accounts.kassel.email, password: PASSWORD }),
  },
  'POST /api/v1/auth/session': {
    expect: all(204),
    send: async (f, who) => f.as(who).post('/api/v1/auth/session').send({ email: f.accounts.kassel.email, password: PASSWORD }),
  },
  'DELETE /api/v1/auth/session': { expect: all(204), send: async (f, who) => f.as(who).delete('/api/v1/auth/session') },
  'GET /api/v1/me': { expect: signedIn(200), send: async (f, who) => f.as(who).get('/api/v1/me') },
  'POST /api/v1/users': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post('/api/v1/users')
        .send({ email: `new-${period++}@example.org`, password: PASSWORD, role: 'auditor' }),
  },
  'GET /api/v1/users': { expect: officersOnly(200), send: async (f, who) => f.as(who).get('/api/v1/users') },
  'GET /api/v1/users/{id}': { expect: officersOnly(200), send: async (f, who) => f.as(who).get(`/api/v1/users/${await f.user()}`) },
  'PATCH /api/v1/users/{id}': {
    expect: officersOnly(200),
    send: async (f, who) =>
      f
        .as(who)
        .patch(`/api/v1/users/${await f.user()}`)
        .send({ active: false }),
  },
  'GET /api/v1/programme': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/programme') },
  'GET /api/v1/rounds': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/rounds') },
  'GET /api/v1/categories': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/categories') },
  'GET /api/v1/states': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/states') },
  'POST /api/v1/imports': {
    expect: officersOnly(200),
    send: async (f, who) =>
      f
        .as(who)
        .post('/api/v1/imports')
        .field('kind', 'disbursements')
        .attach('file', Buffer.from('external_ref;project;date;amount_eur;budget_year\nBK-1;kassel;2022-04-01;1,00;2022\n'), 'bank.csv'),
  },
  'GET /api/v1/imports/templates/{file}': {
    expect: officersOnly(200),
    send: async (f, who) => f.as(who).get('/api/v1/imports/templates/disbursements.csv'),
  },
  'GET /api/v1/open-data/360giving.json': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/open-data/360giving.json') },
  'GET /api/v1/open-data/catalog.jsonld': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/open-data/catalog.jsonld') },
  'GET /api/v1/open-data/projects.csv': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/open-data/projects.csv') },
  'GET /api/v1/open-data/funding-summary.csv': {
    expect: all(200),
    send: async (f, who) => f.as(who).get('/api/v1/open-data/funding-summary.csv'),
  },
  'GET /api/v1/projects': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/projects') },
  'GET /api/v1/projects/{id}': { expect: all(200), send: async (f, who) => f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}`) },
  'GET /api/v1/projects/{id}/funding': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}/funding`),
  },
  'POST /api/v1/projects/{id}/commitments': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/commitments`)
        .send({ amountCents: 100, date: '2022-01-10', phase: 'B' }),
  },
  'POST /api/v1/projects/{id}/disbursements': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/disbursements`)
        .send({ amountCents: 1, date: '2022-02-10', budgetYear: 2022 }),
  },
  'POST /api/v1/projects/{id}/reports': {
    expect: municipalityWrite(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/reports`)
        .send({ period: '2024-H1' }),
  },
  'GET /api/v1/reports': { expect: signedIn(200), send: async (f, who) => f.as(who).get('/api/v1/reports') },
  'GET /api/v1/reports/overdue': { expect: signedIn(200), send: async (f, who) => f.as(who).get('/api/v1/reports/overdue') },
  'GET /api/v1/reports/{id}': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/reports/${await f.report(f.side(who), 'draft')}`),
  },
  'PATCH /api/v1/reports/{id}': {
    expect: municipalityWrite(200),
    send: async (f, who) =>
      f
        .as(who)
        .patch(`/api/v1/reports/${await f.report(f.side(who), 'draft')}`)
        .set('If-Match', '1')
        .send({ narrative: 'Updated.' }),
  },
  'POST /api/v1/reports/{id}/submit': {
    expect: municipalityWrite(200),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/reports/${await f.report(f.side(who), 'draft')}/submit`)
        .set('If-Match', '1'),
  },
  'POST /api/v1/reports/{id}/review': {
    expect: { anonymous: 401, officer: 200, auditor: 403, own: 403, other: 403 },
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/reports/${await f.report(f.side(who), 'submitted')}/review`)
        .set('If-Match', '1')
        .send({ decision: 'accept' }),
  },
  'GET /api/v1/reports/{id}/versions': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/reports/${await f.report(f.side(who), 'submitted')}/versions`),
  },
  'GET /api/v1/notifications': { expect: signedIn(200), send: async (f, who) => f.as(who).get('/api/v1/notifications') },
  'POST /api/v1/notifications/{id}/read': {
    // A notification belongs to its recipient alone: nobody else can see it exists.
    expect: { anonymous: 401, officer: 404, auditor: 404, own: 200, other: 404 },
    send: async (f, who) => f.as(who).post(`/api/v1/notifications/${await f.notification(f.side(who))}/read`),
  },
  'GET /api/v1/audit': { expect: readersOnly(200), send: async (f, who) => f.as(who).get('/api/v1/audit') },
  'GET /api/v1/jobs': { expect: signedIn(200), send: async (f, who) => f.as(who).get('/api/v1/jobs') },
  'GET /api/v1/jobs/{id}': { expect: projectRead(200), send: async (f, who) => f.as(who).get(`/api/v1/jobs/${f.run[f.side(who)]}`) },
  'GET /api/v1/jobs/{id}/artifact': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/jobs/${f.run[f.side(who)]}/artifact`),
  },
  'POST /api/v1/rollups': { expect: readersOnly(202), send: async (f, who) => f.as(who).post('/api/v1/rollups').send({ kind: 'funding' }) },
  'GET /api/v1/rollups': { expect: readersOnly(200), send: async (f, who) => f.as(who).get('/api/v1/rollups') },
  'GET /api/v1/rollups/compare': {
    expect: readersOnly(200),
    send: async (f, who) => f.as(who).get(`/api/v1/rollups/compare?from=${f.snapshots[0]}&to=${f.snapshots[1]}`),
  },
  'GET /api/v1/rollups/{id}': { expect: readersOnly(200), send: async (f, who) => f.as(who).get(`/api/v1/rollups/${f.snapshots[0]}`) },
  // A municipality may export, but only its own projects (scope forced: see exports tests).
  'POST /api/v1/exports': { expect: signedIn(202), send: async (f, who) => f.as(who).post('/api/v1/exports').send({ format: 'json' }) },
};

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
    for (const projectId of Object.values(project)) {
      await t.dataSource
        .getRepository(Commitment)
        .insert({ projectId, amountCents: 100_000_000, date: '2021-06-01', phase: 'B', budgetYear: 2021, note: null, createdById: null });
    }
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
      const wrap = (method: 'get' | 'post' | 'patch' | 'delete') => (url: string) =>
        auth ? t.http[method](url).set('Authorization', auth) : t.http[method](url);
      return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete') } as unknown as Pick<
        TestAgent,
        'get' | 'post' | 'patch' | 'delete'
      >;
    };
    f = {
      t,
      as,
      accounts,
      project,
      run,
      snapshots,
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

  it.each(cells)('$route as $who', async ({ who, row }) => {
    const res = await row.send(f, who);
    expect({ status: res.status, code: res.status >= 400 ? res.body.code : undefined }).toEqual({
      status: row.expect[who],
      code: res.status >= 400 ? expect.any(String) : undefined,
    });
  });
});
