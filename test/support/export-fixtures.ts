import type { Account } from './accounts';
import { standardAccounts } from './accounts';
import { commit, disburse, projectId } from './funding';
import { draft, freezeClock, submit } from './reports';
import type { TestApp } from './test-app';
import { createTestApp } from './test-app';

/** The export specs' portfolio: funding recorded through the API, a submitted Kassel report, and what the API says of every project. */
export const NOW = '2026-11-27T10:00:00.000Z';

export interface Expected {
  id: number;
  slug: string;
  name: string;
  round: number;
  year: number;
  category: string;
  states: string[];
  leadId: number | null;
  lead: string | null;
  memberIds: number[];
  grantCents: number | null;
  grantUncertain: boolean;
  committedCents: number;
  disbursedCents: number;
  repaidCents: number;
  reportedSpendCents: number;
  remainingCents: number;
}

export const EXCEL_DE_HEADER = [
  'Slug',
  'Projekt',
  'Staffel',
  'Jahr',
  'Kategorie',
  'Länder',
  'Federführung',
  'Zuwendung (EUR)',
  'Zuwendung unsicher',
  'Bewilligt (EUR)',
  'Ausgezahlt (EUR)',
  'Rückzahlungen (EUR)',
  'Berichtete Ausgaben (EUR)',
  'Verbleibend (EUR)',
];
export const RFC4180_HEADER = [
  'slug',
  'name',
  'round',
  'year',
  'category',
  'states',
  'lead',
  'grant_eur',
  'grant_uncertain',
  'committed_eur',
  'disbursed_eur',
  'repaid_eur',
  'reported_spend_eur',
  'remaining_eur',
];

export const total = (values: number[]) => Number(values.reduce((s, v) => s + BigInt(v), 0n));

export interface ExportFixtures {
  t: TestApp;
  officer: Account;
  auditor: Account;
  kassel: Account;
  darmstadt: Account;
  /** Every project as the API tells it (GET /projects and GET /projects/:id/funding), by slug. */
  expected: Map<string, Expected>;
  programme: { projectCount: number; grantedCents: number; projectsWithUnknownGrant: number; projectsWithUncertainGrant: number };
  entryCount: number;
}

/** What the export of some projects must contain, read from the API rather than from the code under test. */
export const sums = (projects: Expected[]) => ({
  projectCount: projects.length,
  grantedCents: total(projects.map((p) => p.grantCents ?? 0)),
  projectsWithUnknownGrant: projects.filter((p) => p.grantCents === null).length,
  committedCents: total(projects.map((p) => p.committedCents)),
  disbursedCents: total(projects.map((p) => p.disbursedCents)),
  repaidCents: total(projects.map((p) => p.repaidCents)),
  reportedSpendCents: total(projects.map((p) => p.reportedSpendCents)),
  remainingCents: total(projects.map((p) => p.remainingCents)),
});

export async function exportFixtures(): Promise<ExportFixtures> {
  const t = await createTestApp();
  const { officer, auditor, kassel, darmstadt } = await standardAccounts(t);
  freezeClock(t, NOW);

  // Funding recorded the way the programme office records it: through the API.
  const kasselId = await projectId(t, 'kassel');
  const darmstadtId = await projectId(t, 'darmstadt');
  const berlinId = await projectId(t, 'berlin'); // no grant known: no cap on commitments
  const recorded = [
    await commit(t, officer.auth, kasselId, { amountCents: 846_237_750, date: '2021-03-15', phase: 'B' }),
    await disburse(t, officer.auth, kasselId, { amountCents: 123_456_789, date: '2022-06-30', budgetYear: 2022 }),
    await disburse(t, officer.auth, kasselId, { amountCents: 7, date: '2022-07-01', budgetYear: 2021 }),
    await commit(t, officer.auth, darmstadtId, { amountCents: 200_000_000, date: '2021-04-01', phase: 'A' }),
    await disburse(t, officer.auth, darmstadtId, { amountCents: 50_000_000, date: '2021-09-30', budgetYear: 2021 }),
    await commit(t, officer.auth, berlinId, { amountCents: 300_000_001, date: '2021-05-01', phase: 'A' }),
  ];
  expect(recorded.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
  const entryCount = recorded.length;
  // Kassel hands in a report with spending: it counts as reported spend.
  const report = await draft(t, kassel.auth, kasselId);
  expect(report.status).toBe(201);
  expect((await submit(t, kassel.auth, report.body.id)).status).toBe(200);

  const programme: ExportFixtures['programme'] = (await t.http.get('/api/v1/programme').expect(200)).body;
  const list = (await t.http.get('/api/v1/projects?limit=500').expect(200)).body.items as any[];
  const expected = new Map<string, Expected>();
  for (const p of list) {
    const funding = (await t.http.get(`/api/v1/projects/${p.id}/funding`).set('Authorization', officer.auth).expect(200)).body;
    expected.set(p.slug, {
      id: p.id,
      slug: p.slug,
      name: p.name,
      round: p.round.number,
      year: p.round.year,
      category: p.category,
      states: p.states,
      leadId: p.lead?.id ?? null,
      lead: p.lead?.name ?? null,
      memberIds: p.members.map((m: { id: number }) => m.id),
      grantCents: p.grantCents,
      grantUncertain: p.grantUncertain,
      committedCents: funding.committedCents,
      disbursedCents: funding.disbursedCents,
      repaidCents: funding.repaidCents,
      reportedSpendCents: funding.reportedSpendCents,
      remainingCents: funding.remainingCents,
    });
  }
  expect(expected.get('kassel')?.reportedSpendCents).toBeGreaterThan(0);
  return { t, officer, auditor, kassel, darmstadt, expected, programme, entryCount };
}
