import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { commit, disburse } from './support/funding';
import { freezeClock } from './support/reports';
import type { JobRunBody, PortfolioProject } from './support/rollups';
import { bySlug, created, hashWithoutAsOf, insertReport, portfolio, runRollup, snapshotOf } from './support/rollups';
import type { TestApp } from './support/test-app';
import { CALENDAR_DAYS, createTestApp } from './support/test-app';

const NOW = '2026-03-15T10:00:00.000Z';

type Group = Record<string, number | string | null> & { key: string };
const group = (groups: Group[], key: string) => groups.find((g) => g.key === key) as Group;

const quiet = {
  reportsDue: 0,
  reportsSubmitted: 0,
  reportsAccepted: 0,
  reportsChangesRequested: 0,
  reportsDraft: 0,
  reportsOverdue: 0,
  overdueDaysTotal: 0,
  overdueDaysMax: 0,
  milestonesTotal: 0,
  milestonesDone: 0,
  milestonesLate: 0,
  indicatorsMeasured: 0,
  indicatorAttainmentSumBp: 0,
  indicatorAttainmentAvgBp: null,
  statusOnTrack: 0,
  statusAtRisk: 0,
  statusOffTrack: 0,
  healthAmber: 0,
  healthRed: 0,
};

/*
 * Half-yearly reports, due a month after the period (the default calendar).
 * On 2026-03-15: 2025-H1 was due 2025-07-31 (227 days ago), 2025-H2 was due
 * 2026-01-31 (43 days ago); 2026-H1 is not due yet.
 */
describe('progress roll-up on a frozen clock', () => {
  let t: TestApp;
  let officer: Account;
  let projects: Map<number, PortfolioProject>;
  let run: JobRunBody;
  const id = (slug: string) => bySlug(projects, slug).id;

  beforeAll(async () => {
    t = await createTestApp(CALENDAR_DAYS);
    ({ officer } = await standardAccounts(t));
    projects = await portfolio(t);
    freezeClock(t, NOW);

    // Kassel: phase A since 2024-02-10, nothing drawn; 2024-H2 is its latest delivered report (off track).
    await created(commit(t, officer.auth, id('kassel'), { amountCents: 100_000_000, date: '2024-02-10', phase: 'A' }));
    await insertReport(t, {
      projectId: id('kassel'),
      period: '2024-H1',
      status: 'accepted',
      overallStatus: 'on_track',
      milestones: [{ plannedDate: '2024-01-01', status: 'planned' }],
      indicators: [{ target: 1, actual: 0 }],
    });
    await insertReport(t, {
      projectId: id('kassel'),
      period: '2024-H2',
      status: 'submitted',
      overallStatus: 'off_track',
      milestones: [
        { plannedDate: '2024-05-01', status: 'done' },
        { plannedDate: '2025-01-01', status: 'in_progress' }, // late
        { plannedDate: '2027-01-01', status: 'planned' },
        { plannedDate: '2024-01-01', status: 'cancelled' },
        { plannedDate: '2026-03-15', status: 'planned' }, // due today, not passed
      ],
      indicators: [
        { target: 100, actual: 50 },
        { target: 10, actual: 15 },
        { target: 0, actual: 5 },
        { target: 20, actual: null },
      ],
    });
    await insertReport(t, { projectId: id('kassel'), period: '2025-H1', status: 'changes_requested', overallStatus: 'on_track' });
    await insertReport(t, { projectId: id('kassel'), period: '2026-H1', status: 'draft' });

    // Darmstadt: committed 2025-11-01, owes 2025-H2 and has not sent it.
    await created(commit(t, officer.auth, id('darmstadt'), { amountCents: 1_000, date: '2025-11-01', phase: 'B' }));

    // Solingen: every report in, on track, but nothing drawn since 2024-06-01.
    await created(commit(t, officer.auth, id('solingen'), { amountCents: 1_000_000, date: '2024-01-15', phase: 'B' }));
    await created(disburse(t, officer.auth, id('solingen'), { amountCents: 100_000, date: '2024-06-01', budgetYear: 2024 }));
    for (const period of ['2024-H1', '2024-H2', '2025-H1'])
      await insertReport(t, { projectId: id('solingen'), period, status: 'accepted', overallStatus: 'on_track' });
    await insertReport(t, {
      projectId: id('solingen'),
      period: '2025-H2',
      status: 'submitted',
      overallStatus: 'on_track',
      milestones: [{ plannedDate: '2026-06-30', status: 'planned' }],
      indicators: [{ target: 4, actual: 1 }],
    });

    // Connected Urban Twins (Bayern, Hamburg, Sachsen): its one due report is in, at risk.
    const twins = id('hamburg-leipzig-und-muenchen-connected-urban-twins');
    await created(commit(t, officer.auth, twins, { amountCents: 5_000, date: '2025-12-20', phase: 'A' }));
    await insertReport(t, { projectId: twins, period: '2025-H2', status: 'submitted', overallStatus: 'at_risk' });

    run = await runRollup(t, officer.auth, { kind: 'progress' });
  });
  afterAll(() => t.close());

  it('counts due, delivered and overdue reports, days late, milestones, indicators and statuses for the programme', () => {
    expect(run).toMatchObject({ status: 'completed', dataAsOf: NOW, params: { kind: 'progress' } });
    expect(run.result.totals).toEqual({
      projectCount: 73,
      reportsDue: 4 + 1 + 4 + 1,
      reportsSubmitted: 3,
      reportsAccepted: 4,
      reportsChangesRequested: 1,
      reportsDraft: 1,
      reportsOverdue: 3,
      overdueDaysTotal: 227 + 43 + 43,
      overdueDaysMax: 227,
      milestonesTotal: 6,
      milestonesDone: 1,
      milestonesLate: 1,
      indicatorsMeasured: 3,
      indicatorAttainmentSumBp: 5_000 + 15_000 + 2_500,
      indicatorAttainmentAvgBp: 7_500,
      statusOnTrack: 1,
      statusAtRisk: 1,
      statusOffTrack: 1,
      statusNone: 70,
      healthGreen: 69,
      healthAmber: 2,
      healthRed: 2,
    });
  });

  it('gives the same counts per round, category and Land, and rounds add up to the total', () => {
    const by = Object.fromEntries(run.result.groups.map((g: { by: string; items: Group[] }) => [g.by, g.items]));
    expect(Object.keys(by)).toEqual(['round', 'category', 'state']);
    expect(group(by.round, '1')).toMatchObject({
      projectCount: 13,
      reportsDue: 4,
      reportsAccepted: 3,
      reportsSubmitted: 1,
      reportsOverdue: 0,
      statusOnTrack: 1,
      healthRed: 1,
      healthGreen: 12,
    });
    expect(group(by.round, '2')).toMatchObject({
      projectCount: 32,
      reportsDue: 6,
      reportsOverdue: 3,
      overdueDaysTotal: 313,
      overdueDaysMax: 227,
      milestonesLate: 1,
      indicatorAttainmentSumBp: 20_000,
      indicatorAttainmentAvgBp: 10_000,
      statusOffTrack: 1,
      statusAtRisk: 1,
      healthRed: 1,
      healthAmber: 2,
    });
    expect(group(by.round, '3')).toEqual({
      key: '3',
      label: 'Staffel 3 (2021)',
      projectCount: 28,
      ...quiet,
      statusNone: 28,
      healthGreen: 28,
    });
    expect(group(by.state, 'DE-HE')).toMatchObject({
      projectCount: 4,
      reportsDue: 5,
      reportsOverdue: 3,
      healthRed: 1,
      healthAmber: 1,
      healthGreen: 2,
    });
    expect(group(by.state, 'DE-HH')).toMatchObject({
      label: 'Hamburg',
      projectCount: 1,
      reportsDue: 1,
      reportsSubmitted: 1,
      reportsOverdue: 0,
      statusAtRisk: 1,
      healthAmber: 1,
    });
    expect(group(by.category, 'INTERKOMMUNAL_LANDKREIS')).toMatchObject({ reportsDue: 1, statusAtRisk: 1, healthAmber: 1 });
    for (const field of Object.keys(run.result.totals).filter((f) => !['overdueDaysMax', 'indicatorAttainmentAvgBp'].includes(f))) {
      expect([field, by.round.reduce((s: number, g: Group) => s + (g[field] as number), 0)]).toEqual([field, run.result.totals[field]]);
    }
  });

  it('lists each project with its health and the reasons, the red ones first', () => {
    const projectsInResult = run.result.projects as { slug: string; health: string; reasons: string[] }[];
    expect(projectsInResult).toHaveLength(73);
    expect(projectsInResult.slice(0, 4)).toEqual([
      {
        projectId: id('kassel'),
        slug: 'kassel',
        name: 'Kassel',
        round: 2,
        category: 'GROSSSTADT',
        states: ['DE-HE'],
        health: 'red',
        reasons: ['2 reports overdue (up to 227 days late)', 'off_track in 2024-H2', 'no disbursement in 25 months', '1 milestone late'],
        latestPeriod: '2024-H2',
        overallStatus: 'off_track',
        reportsOverdue: 2,
        milestonesLate: 1,
        monthsWithoutDisbursement: 25,
      },
      expect.objectContaining({
        slug: 'solingen',
        health: 'red',
        reasons: ['no disbursement in 21 months'],
        latestPeriod: '2025-H2',
        overallStatus: 'on_track',
      }),
      expect.objectContaining({
        slug: 'darmstadt',
        health: 'amber',
        reasons: ['1 report overdue (up to 43 days late)'],
        monthsWithoutDisbursement: 4,
      }),
      expect.objectContaining({
        slug: 'hamburg-leipzig-und-muenchen-connected-urban-twins',
        health: 'amber',
        reasons: ['at_risk in 2025-H2'],
        states: ['DE-BY', 'DE-HH', 'DE-SN'],
      }),
    ]);
    expect(projectsInResult.slice(4).every((p) => p.health === 'green' && p.reasons.length === 0)).toBe(true);
  });

  it('stores the snapshot; a later date turns the next report overdue, and compare shows whose health changed', async () => {
    const snapshot = await snapshotOf(t, officer.auth, run);
    expect(snapshot.content).toMatchObject({
      kind: 'progress',
      asOf: { dataAsOf: NOW, date: '2026-03-15' },
      reporting: { cadence: 'half_yearly', dueMonthsAfterPeriod: 1 },
    });
    expect(hashWithoutAsOf(snapshot.content)).toBe(run.contentHash);

    // 2026-08-02: 2026-H1 (due 2026-07-31) is 2 days late everywhere a project has started reporting.
    freezeClock(t, '2026-08-02T08:00:00.000Z');
    const later = await runRollup(t, officer.auth, { kind: 'progress', groupBy: 'state' });
    expect(later.result.groups.map((g: { by: string }) => g.by)).toEqual(['state', 'round', 'category']);
    expect(later.result.totals).toMatchObject({ reportsDue: 14, reportsOverdue: 7, overdueDaysMax: 367 });
    const res = await t.http
      .get(`/api/v1/rollups/compare?from=${run.result.snapshotId}&to=${later.result.snapshotId}`)
      .set('Authorization', officer.auth)
      .expect(200);
    expect(res.body.totals).toMatchObject({ reportsDue: { from: 10, to: 14, delta: 4 }, reportsOverdue: { from: 3, to: 7, delta: 4 } });
    const changed = Object.fromEntries(res.body.projects.map((p: { projectId: number }) => [p.projectId, p]));
    // Solingen's milestone planned for 2026-06-30 has now passed too.
    expect(changed[id('solingen')]).toMatchObject({
      from: 'red',
      to: 'red',
      reasonsTo: ['no disbursement in 26 months', '1 report overdue (up to 2 days late)', '1 milestone late'],
    });
    expect(changed[id('hamburg-leipzig-und-muenchen-connected-urban-twins')]).toMatchObject({
      from: 'amber',
      to: 'amber',
      reasonsTo: ['1 report overdue (up to 2 days late)', 'at_risk in 2025-H2'],
    });
    expect(changed[id('darmstadt')]).toMatchObject({ from: 'amber', to: 'red' });
  });
});
