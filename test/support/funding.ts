import type { Response } from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { isoDate } from '../../src/common/dates';
import type { TestApp } from './test-app';
import { tableCounts } from './test-app';

/** Data factories for funding tests: a valid entry unless the test says otherwise. */
export const commitmentBody = (overrides: Record<string, unknown> = {}) => ({
  amountCents: 100_000_000,
  date: '2021-03-15',
  phase: 'B',
  ...overrides,
});

export const disbursementBody = (overrides: Record<string, unknown> = {}) => ({
  amountCents: 10_000_000,
  date: '2022-06-30',
  budgetYear: 2022,
  ...overrides,
});

export async function projectId(t: TestApp, slug: string): Promise<number> {
  const res = await t.http.get(`/api/v1/projects/${slug}`).expect(200);
  return res.body.id as number;
}

/** Ids of the seeded projects whose grant no source states (no per-project cap on commitments). */
export async function projectsWithUnknownGrant(t: TestApp): Promise<number[]> {
  const res = await t.http.get('/api/v1/projects?limit=500').expect(200);
  return (res.body.items as { id: number; grantCents: number | null }[]).filter((p) => p.grantCents === null).map((p) => p.id);
}

export function commit(t: TestApp, auth: string, project: number, overrides: Record<string, unknown> = {}): Promise<Response> {
  return t.http.post(`/api/v1/projects/${project}/commitments`).set('Authorization', auth).send(commitmentBody(overrides));
}

export function disburse(t: TestApp, auth: string, project: number, overrides: Record<string, unknown> = {}): Promise<Response> {
  return t.http.post(`/api/v1/projects/${project}/disbursements`).set('Authorization', auth).send(disbursementBody(overrides));
}

export async function auditCount(t: TestApp, action: string): Promise<number> {
  return t.dataSource.getRepository(AuditEvent).countBy({ action });
}

/** Sums of the listed rows, added up in BigInt so the comparison does not trust the sums under test. */
export const rowSum = (rows: { amountCents: number }[]): number => Number(rows.reduce((s, r) => s + BigInt(r.amountCents), 0n));

export function reverse(
  t: TestApp,
  auth: string,
  type: 'commitments' | 'disbursements',
  id: number,
  body: Record<string, unknown>,
): Promise<Response> {
  return t.http
    .post(`/api/v1/${type}/${id}/reversals`)
    .set('Authorization', auth)
    .send({ reason: 'Korrektur', ...body });
}

export function repay(t: TestApp, auth: string, project: number, body: Record<string, unknown>): Promise<Response> {
  return t.http
    .post(`/api/v1/projects/${project}/repayments`)
    .set('Authorization', auth)
    .send({ reason: 'Nicht verwendete Mittel', budgetYear: Number(String(body.date ?? '2023').slice(0, 4)), ...body });
}

/** Runs a refused request and proves it wrote nothing at all, audit trail included. */
export async function refusedWith(t: TestApp, send: () => Promise<Response>, status: number, code: string): Promise<Response> {
  const before = await tableCounts(t.dataSource);
  const res = await send();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(await tableCounts(t.dataSource)).toEqual(before);
  return res;
}

/** Net committed and net disbursed up to every date of a project's ledger, read straight from the tables. */
export async function ledgerByDate(t: TestApp, project: number): Promise<{ date: string; committed: number; disbursed: number }[]> {
  const rows: { kind: string; date: unknown; amount: unknown }[] = await t.dataSource.query(
    `SELECT 'c' AS kind, date, amount_cents AS amount FROM commitment WHERE project_id = ${project}
     UNION ALL SELECT 'd' AS kind, date, amount_cents AS amount FROM disbursement WHERE project_id = ${project}`,
  );
  const dates = [...new Set(rows.map((r) => isoDate(r.date)))].sort();
  return dates.map((date) => {
    const upTo = (kind: string) => rows.filter((r) => r.kind === kind && isoDate(r.date) <= date).reduce((s, r) => s + Number(r.amount), 0);
    return { date, committed: upTo('c'), disbursed: upTo('d') };
  });
}
