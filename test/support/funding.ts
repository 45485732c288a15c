import type { Response } from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import type { TestApp } from './test-app';

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
