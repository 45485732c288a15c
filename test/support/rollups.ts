import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { TransactionService } from '../../src/database/transaction.service';
import { Report, type OverallStatus, type ReportStatus, type ReportType } from '../../src/reports/report.entity';
import { ReportIndicator, ReportMilestone, ReportSpending, type MilestoneStatus } from '../../src/reports/report-parts.entity';
import type { TestApp } from './test-app';
import { finishedJob } from './jobs';

/** Roll-up test helpers: request a run, wait for it as a client would, read its snapshot; reports inserted directly. */

export interface JobRunBody {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  params: Record<string, unknown>;
  /** The run result: JSON whose shape the tests assert on. */
  result: any;
  error: string | null;
  contentHash: string | null;
  dataAsOf: string | null;
}

export function requestRollup(t: TestApp, auth: string, body: object, idempotencyKey?: string) {
  const req = t.http.post('/api/v1/rollups').set('Authorization', auth);
  if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
  return req.send(body);
}

/** Polls GET /api/v1/jobs/:id until the run has finished. */
export function finishedRun(t: TestApp, auth: string, id: string, timeoutMs = 30_000): Promise<JobRunBody> {
  return finishedJob<JobRunBody>(t.http, auth, id, timeoutMs);
}

/** Requests a roll-up and returns the completed run; a failed run fails the test with its error. */
export async function runRollup(t: TestApp, auth: string, body: object): Promise<JobRunBody> {
  const res = await requestRollup(t, auth, body).expect(202);
  const run = await finishedRun(t, auth, res.body.id);
  if (run.status !== 'completed') throw new Error(`roll-up ${run.id} failed: ${run.error}`);
  return run;
}

export async function snapshotOf(t: TestApp, auth: string, run: JobRunBody) {
  return (await t.http.get(`/api/v1/rollups/${run.result.snapshotId}`).set('Authorization', auth).expect(200)).body;
}

/** The test's own canonical JSON and SHA-256, so the hash is checked against more than the code under test. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};
export const hashWithoutAsOf = (content: Record<string, unknown>): string => {
  const { asOf: _asOf, ...figures } = content;
  return createHash('sha256').update(canonical(figures)).digest('hex');
};

export interface PortfolioProject {
  id: number;
  slug: string;
  round: number;
  category: string;
  states: string[];
  grantCents: number | null;
}

/** The seeded portfolio as the public API describes it: the test's independent source of rounds, categories and Länder. */
export async function portfolio(t: TestApp): Promise<Map<number, PortfolioProject>> {
  const res = await t.http.get('/api/v1/projects?limit=500').expect(200);
  const items = res.body.items as {
    id: number;
    slug: string;
    round: { number: number };
    category: string;
    states: string[];
    grantCents: number | null;
  }[];
  return new Map(
    items.map((p) => [
      p.id,
      { id: p.id, slug: p.slug, round: p.round.number, category: p.category, states: p.states, grantCents: p.grantCents },
    ]),
  );
}

export const bySlug = (projects: Map<number, PortfolioProject>, slug: string): PortfolioProject => {
  const project = [...projects.values()].find((p) => p.slug === slug);
  if (!project) throw new Error(`no project ${slug}`);
  return project;
};

/** Awaits a request that must answer 201 (commitments, disbursements) and returns the stored row. */
export async function created<T = Row>(request: Promise<Response>): Promise<T> {
  const res = await request;
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export interface Row {
  projectId: number;
  amountCents: number;
  date: string;
  budgetYear: number;
}

/** Sums in BigInt, so the expectation does not share the arithmetic under test. */
export const sum = (values: number[]): number => Number(values.reduce((s, v) => s + BigInt(v), 0n));

export interface ReportSeed {
  projectId: number;
  period: string;
  type?: ReportType;
  status: ReportStatus;
  overallStatus?: OverallStatus | null;
  spending?: number[];
  milestones?: { plannedDate: string; status: MilestoneStatus }[];
  indicators?: { target: number; actual: number | null }[];
}

/** Inserts a report with its parts straight into the tables (the reports API is not what roll-up tests are about). */
export async function insertReport(t: TestApp, seed: ReportSeed): Promise<number> {
  return t.app.get(TransactionService).run(async (manager) => {
    const { identifiers } = await manager.getRepository(Report).insert({
      projectId: seed.projectId,
      period: seed.period,
      type: seed.type ?? 'progress',
      status: seed.status,
      version: 1,
      dueDate: '2030-01-31',
      narrative: null,
      overallStatus: seed.overallStatus ?? null,
      overallStatusReason: null,
      submittedAt: seed.status === 'draft' ? null : new Date('2025-01-01T00:00:00Z'),
      reviewedAt: null,
      reviewedById: null,
      reviewComment: null,
      createdById: null,
    });
    const reportId = identifiers[0].id as number;
    for (const amountCents of seed.spending ?? []) {
      await manager.getRepository(ReportSpending).insert({ reportId, costCategory: 'personnel', amountCents });
    }
    for (const [position, m] of (seed.milestones ?? []).entries()) {
      await manager
        .getRepository(ReportMilestone)
        .insert({ reportId, position, title: `Milestone ${position}`, plannedDate: m.plannedDate, actualDate: null, status: m.status });
    }
    for (const [position, i] of (seed.indicators ?? []).entries()) {
      await manager
        .getRepository(ReportIndicator)
        .insert({ reportId, position, name: `Indicator ${position}`, unit: 'count', baseline: null, target: i.target, actual: i.actual });
    }
    return reportId;
  });
}
