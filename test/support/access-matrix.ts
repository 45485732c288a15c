import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { Report } from '../../src/reports/report.entity';
import type { Strategy } from '../../src/strategy/strategy.entity';
import type { standardAccounts } from './accounts';
import { PASSWORD } from './accounts';
import { cascade } from './strategy';
import type { TestApp } from './test-app';

/** The access matrix's table: every route, what each caller gets, and how to send it (test/access-matrix.e2e-spec.ts). */
export type Who = 'anonymous' | 'officer' | 'auditor' | 'own' | 'other';
export const CALLERS: Who[] = ['anonymous', 'officer', 'auditor', 'own', 'other'];

export interface Fixtures {
  t: TestApp;
  /** Requests as this caller (with its token, or none). */
  as(who: Who): Pick<TestAgent, 'get' | 'post' | 'patch' | 'put' | 'delete'>;
  accounts: Awaited<ReturnType<typeof standardAccounts>>;
  project: Record<'own' | 'other', number>;
  /** A target that belongs to the caller's side: Kassel's for officer/auditor/own, Darmstadt's for other. */
  side(who: Who): 'own' | 'other';
  report(side: 'own' | 'other', status: Report['status']): Promise<number>;
  notification(side: 'own' | 'other'): Promise<number>;
  run: Record<'own' | 'other', string>;
  snapshots: [number, number];
  user(): Promise<number>;
  /** Kassel's commitment and disbursement (officers reverse them), and an open obligation of each side. */
  entries: { commitment: number; disbursement: number };
  obligation: Record<'own' | 'other', number>;
  /** Puts the side's strategy cascade (complete, written by its municipality) into `status`; returns its version. */
  strategy(side: 'own' | 'other', status: Strategy['status']): Promise<number>;
}

export type Expect = Record<Who, number>;
const all = (status: number): Expect => ({ anonymous: status, officer: status, auditor: status, own: status, other: status });
const signedIn = (status: number): Expect => ({ anonymous: 401, officer: status, auditor: status, own: status, other: status });
const officersOnly = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: 403, own: 403, other: 403 });
const readersOnly = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: ok, own: 403, other: 403 });
const projectRead = (ok: number): Expect => ({ anonymous: 401, officer: ok, auditor: ok, own: ok, other: 404 });
const municipalityWrite = (ok: number): Expect => ({ anonymous: 401, officer: 403, auditor: 403, own: ok, other: 404 });

/**
 * The code each refusal carries: no token is AUTH.TOKEN_MISSING, a role that may never do it AUTH.ROLE_NOT_ALLOWED,
 * and another body's (or account's) row is the not-found of what the route names, exactly as if it did not exist.
 */
const NOT_FOUND_BY_PATH: [RegExp, string][] = [
  [/^\/api\/v1\/projects\//, 'PROJECT.NOT_FOUND'],
  [/^\/api\/v1\/reports\//, 'REPORT.NOT_FOUND'],
  [/^\/api\/v1\/notifications\//, 'NOTIFICATION.NOT_FOUND'],
  [/^\/api\/v1\/jobs\//, 'JOB.NOT_FOUND'],
];
/** Routes whose 404 is not their path's entity: a strategy that exists but is not public reads as no strategy at all. */
const NOT_FOUND_BY_ROUTE: Record<string, string> = { 'GET /api/v1/projects/{id}/strategy': 'STRATEGY.NOT_FOUND' };
export function expectedCode(route: string, status: number): string | undefined {
  if (status < 400) return undefined;
  if (status === 404 && NOT_FOUND_BY_ROUTE[route]) return NOT_FOUND_BY_ROUTE[route];
  if (status === 401) return 'AUTH.TOKEN_MISSING';
  if (status === 403) return 'AUTH.ROLE_NOT_ALLOWED';
  const path = route.split(' ')[1];
  if (status === 404) return NOT_FOUND_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? 'no code known for this 404';
  return `no code known for ${status}`;
}

export interface Row {
  expect: Expect;
  send(f: Fixtures, who: Who): Promise<Response>;
}

let period = 0;
export const nextPeriod = () => `${1950 + period++}-H1`;

export const MATRIX: Record<string, Row> = {
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
  'GET /api/v1/projects/{id}/reporting-calendar': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}/reporting-calendar`),
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
  'GET /api/v1/vocabularies': { expect: all(200), send: async (f, who) => f.as(who).get('/api/v1/vocabularies') },
  'POST /api/v1/vocabularies/fields-of-action': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post('/api/v1/vocabularies/fields-of-action')
        .send({ code: `feld_${period++}`, label: 'Neues Handlungsfeld' }),
  },
  // A draft: the public and other municipalities do not see it (an accepted cascade is public: test/strategy.e2e-spec.ts).
  'GET /api/v1/projects/{id}/strategy': {
    expect: { anonymous: 404, officer: 200, auditor: 200, own: 200, other: 404 },
    send: async (f, who) => {
      await f.strategy(f.side(who), 'draft');
      return f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}/strategy`);
    },
  },
  'PUT /api/v1/projects/{id}/strategy': {
    expect: municipalityWrite(200),
    send: async (f, who) => {
      const version = await f.strategy(f.side(who), 'draft');
      return f
        .as(who)
        .put(`/api/v1/projects/${f.project[f.side(who)]}/strategy`)
        .set('If-Match', String(version))
        .send(cascade());
    },
  },
  'POST /api/v1/projects/{id}/strategy/submit': {
    expect: municipalityWrite(200),
    send: async (f, who) => {
      await f.strategy(f.side(who), 'draft');
      return f.as(who).post(`/api/v1/projects/${f.project[f.side(who)]}/strategy/submit`);
    },
  },
  'POST /api/v1/projects/{id}/strategy/review': {
    expect: { anonymous: 401, officer: 200, auditor: 403, own: 403, other: 403 },
    send: async (f, who) => {
      await f.strategy(f.side(who), 'submitted');
      return f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/strategy/review`)
        .send({ decision: 'accept' });
    },
  },
  // Accepted cascades of every project (Kassel's here): officers and auditors read the portfolio, nobody else.
  'GET /api/v1/strategy/measures': {
    expect: readersOnly(200),
    send: async (f, who) => {
      await f.strategy('own', 'accepted');
      return f.as(who).get('/api/v1/strategy/measures?fieldOfAction=zukunftsfaehige_mobilitaet');
    },
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
  'POST /api/v1/commitments/{id}/reversals': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/commitments/${f.entries.commitment}/reversals`)
        .send({ amountCents: 1, date: '2023-01-01', reason: 'Korrektur' }),
  },
  'POST /api/v1/disbursements/{id}/reversals': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/disbursements/${f.entries.disbursement}/reversals`)
        .send({ amountCents: 1, date: '2023-01-01', reason: 'Doppelt' }),
  },
  'POST /api/v1/projects/{id}/repayments': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/repayments`)
        .send({ amountCents: 1, date: '2023-02-01', budgetYear: 2023, reason: 'Rückzahlung' }),
  },
  'POST /api/v1/projects/{id}/grant': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/grant`)
        .send({ grantCents: 1_100_000_000, reason: 'Bescheid liegt vor', source: 'Bescheid vom 01.06.2021' }),
  },
  'GET /api/v1/projects/{id}/obligations': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}/obligations`),
  },
  'POST /api/v1/obligations/{id}/waive': {
    expect: { anonymous: 401, officer: 201, auditor: 403, own: 403, other: 403 },
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/obligations/${f.obligation[f.side(who)]}/waive`)
        .send({ reason: 'Nicht erforderlich' }),
  },
  'GET /api/v1/projects/{id}/status-history': {
    expect: projectRead(200),
    send: async (f, who) => f.as(who).get(`/api/v1/projects/${f.project[f.side(who)]}/status-history`),
  },
  'POST /api/v1/projects/{id}/status': {
    expect: officersOnly(201),
    send: async (f, who) =>
      f
        .as(who)
        .post(`/api/v1/projects/${f.project[f.side(who)]}/status`)
        .send({ status: 'completed', effectiveDate: '2024-01-01', reason: 'Abgeschlossen' }),
  },
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
  // A municipality may export, but only its own projects (scope forced: see exports tests).
  'POST /api/v1/exports': { expect: signedIn(202), send: async (f, who) => f.as(who).post('/api/v1/exports').send({ format: 'json' }) },
};
