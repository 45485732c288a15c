import type { Test } from 'supertest';
import { Clock } from '../../src/common/clock';
import { TransactionService } from '../../src/database/transaction.service';
import { Commitment } from '../../src/funding/commitment.entity';
import { ObligationsService } from '../../src/obligations/obligations.service';
import { Project, type ProjectPhase } from '../../src/projects/project.entity';
import type { TestApp } from './test-app';

/** Data factories and shortcuts for report tests: valid unless a test says otherwise. */

export async function projectBySlug(t: TestApp, slug: string): Promise<{ id: number; name: string }> {
  const project = await t.dataSource.getRepository(Project).findOneByOrFail({ slug });
  return { id: project.id, name: project.name };
}

/**
 * Inserted directly: the funding API is someone else's and not what these tests are about. The project's reporting
 * obligations are brought up to date as recording a commitment through the API does.
 */
export async function addCommitment(
  t: TestApp,
  projectId: number,
  date: string,
  phase: ProjectPhase,
  amountCents = 100_000_000,
): Promise<void> {
  await t.dataSource
    .getRepository(Commitment)
    .insert({ projectId, date, phase, amountCents, budgetYear: Number(date.slice(0, 4)), note: null, createdById: null });
  await syncObligations(t, projectId);
}

export async function syncObligations(t: TestApp, projectId?: number): Promise<void> {
  const obligations = t.app.get(ObligationsService);
  await t.app.get(TransactionService).run((manager) => obligations.sync(manager, projectId === undefined ? undefined : [projectId]));
}

/** Stops the app's clock at `instant` (the HTTP layer's token expiry keeps real time). */
export function freezeClock(t: TestApp, instant: string): jest.SpyInstance<Date, []> {
  const clock = t.app.get(Clock);
  const spy = jest.isMockFunction(clock.now) ? (clock.now as unknown as jest.SpyInstance<Date, []>) : jest.spyOn(clock, 'now');
  spy.mockImplementation(() => new Date(instant));
  return spy;
}

export const milestone = (overrides: Record<string, unknown> = {}) => ({
  title: 'Urban data platform live',
  plannedDate: '2025-09-30',
  actualDate: null,
  status: 'in_progress',
  ...overrides,
});

export const indicator = (overrides: Record<string, unknown> = {}) => ({
  name: 'Sensors connected',
  unit: 'count',
  baseline: 0,
  target: 400,
  actual: 120,
  ...overrides,
});

export const risk = (overrides: Record<string, unknown> = {}) => ({
  description: 'Supplier delays for sensors',
  likelihood: 'medium',
  impact: 'high',
  mitigation: 'Second supplier under framework contract',
  ...overrides,
});

/** A report complete enough to submit. */
export const reportBody = (overrides: Record<string, unknown> = {}) => ({
  period: '2025-H2',
  narrative: 'Die Datenplattform ist im Testbetrieb; die Sensorik wird ausgerollt.',
  overallStatus: 'on_track',
  milestones: [milestone(), milestone({ title: 'Citizen app beta', plannedDate: '2025-12-15', status: 'planned' })],
  indicators: [indicator()],
  spending: [
    { costCategory: 'personnel', amountCents: 12_500_000 },
    { costCategory: 'material', amountCents: 3_000_000 },
  ],
  risks: [risk()],
  ...overrides,
});

export function draft(t: TestApp, auth: string, projectId: number, overrides: Record<string, unknown> = {}): Test {
  return t.http.post(`/api/v1/projects/${projectId}/reports`).set('Authorization', auth).send(reportBody(overrides));
}

export function patch(t: TestApp, auth: string, reportId: number, ifMatch: string | number | null, body: object): Test {
  const req = t.http.patch(`/api/v1/reports/${reportId}`).set('Authorization', auth);
  if (ifMatch !== null) req.set('If-Match', String(ifMatch));
  return req.send(body);
}

export function submit(t: TestApp, auth: string, reportId: number): Test {
  return t.http.post(`/api/v1/reports/${reportId}/submit`).set('Authorization', auth);
}

export function review(t: TestApp, auth: string, reportId: number, body: object): Test {
  return t.http.post(`/api/v1/reports/${reportId}/review`).set('Authorization', auth).send(body);
}

export function overdue(t: TestApp, auth: string): Test {
  return t.http.get('/api/v1/reports/overdue').set('Authorization', auth);
}
