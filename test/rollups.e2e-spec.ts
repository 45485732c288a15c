import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { commit, disburse } from './support/funding';
import { freezeClock } from './support/reports';
import type { JobRunBody, PortfolioProject, Row } from './support/rollups';
import { bySlug, created, hashWithoutAsOf, insertReport, portfolio, runRollup, snapshotOf, sum } from './support/rollups';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

const NOW = '2026-03-15T10:00:00.000Z';
const BUDGET = 82_000_000_000;

/** Half up, in BigInt: the test's own rounding of a share in basis points. */
const bp = (part: number, whole: number) => Number((BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole)));

type Group = Record<string, number | string | null> & { key: string };
const group = (groups: Group[], key: string) => groups.find((g) => g.key === key) as Group;

describe('funding roll-up', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let projects: Map<number, PortfolioProject>;
  const commitments: Row[] = [];
  const disbursements: Row[] = [];
  let run: JobRunBody;

  async function recordCommitment(slug: string, body: Record<string, unknown>) {
    commitments.push(await created(commit(t, officer.auth, bySlug(projects, slug).id, body)));
  }
  async function recordDisbursement(slug: string, body: Record<string, unknown>) {
    disbursements.push(await created(disburse(t, officer.auth, bySlug(projects, slug).id, body)));
  }

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, auditor } = await standardAccounts(t));
    projects = await portfolio(t);
    freezeClock(t, NOW); // drawdown cutoff: 2025-03-15

    // Kassel (round 2, Großstadt, Hessen): an old commitment, mostly undrawn.
    await recordCommitment('kassel', { amountCents: 550_000_001, date: '2021-03-15', phase: 'B' });
    await recordDisbursement('kassel', { amountCents: 123_456_789, date: '2021-06-30', budgetYear: 2021 });
    await recordDisbursement('kassel', { amountCents: 7, date: '2022-01-10', budgetYear: 2021 });
    // Darmstadt (round 2, Hessen): committed within the last 12 months, so no lag.
    await recordCommitment('darmstadt', { amountCents: 200_000_000, date: '2025-06-01', phase: 'A' });
    await recordDisbursement('darmstadt', { amountCents: 50_000_000, date: '2025-09-01', budgetYear: 2025 });
    // Connected Urban Twins spans Bayern, Hamburg and Sachsen.
    await recordCommitment('hamburg-leipzig-und-muenchen-connected-urban-twins', {
      amountCents: 300_000_000,
      date: '2020-11-01',
      phase: 'A',
      budgetYear: 2020,
    });
    await recordCommitment('hamburg-leipzig-und-muenchen-connected-urban-twins', {
      amountCents: 400_000_000,
      date: '2023-05-01',
      phase: 'B',
    });
    await recordDisbursement('hamburg-leipzig-und-muenchen-connected-urban-twins', {
      amountCents: 300_000_000,
      date: '2021-02-01',
      budgetYear: 2021,
    });
    await recordDisbursement('hamburg-leipzig-und-muenchen-connected-urban-twins', {
      amountCents: 100_000_000,
      date: '2024-12-01',
      budgetYear: 2024,
    });
    // Berlin: no known grant (no cap), fully drawn.
    await recordCommitment('berlin', { amountCents: 5_000_000_000, date: '2019-12-01', phase: 'A' });
    await recordDisbursement('berlin', { amountCents: 5_000_000_000, date: '2020-01-15', budgetYear: 2020 });
    // Solingen (round 1, NRW): old and nothing drawn.
    await recordCommitment('solingen', { amountCents: 10_000_001, date: '2024-06-30', phase: 'A' });
    // Guben (round 3): one commitment exactly on the cutoff (lagging), one the day after (not).
    await recordCommitment('guben', { amountCents: 1_000, date: '2025-03-15', phase: 'A' });
    await recordCommitment('guben', { amountCents: 2_000, date: '2025-03-16', phase: 'B' });

    // Reported spend counts only reports that reached the office (submitted, accepted).
    const kassel = bySlug(projects, 'kassel').id;
    await insertReport(t, { projectId: kassel, period: '2021-H1', status: 'accepted', spending: [1_000_000, 234] });
    await insertReport(t, { projectId: kassel, period: '2021-H2', status: 'submitted', spending: [500] });
    await insertReport(t, { projectId: kassel, period: '2022-H1', status: 'draft', spending: [9_999] });
    await insertReport(t, { projectId: bySlug(projects, 'darmstadt').id, period: '2025-H2', status: 'changes_requested', spending: [777] });
    await insertReport(t, { projectId: bySlug(projects, 'solingen').id, period: '2024-H2', status: 'submitted', spending: [42] });

    run = await runRollup(t, officer.auth, { kind: 'funding' });
  });
  afterAll(() => t.close());

  /** What the rows the test recorded add up to for the projects `member` selects. */
  function expected(member: (p: PortfolioProject) => boolean) {
    const ids = [...projects.values()].filter(member).map((p) => p.id);
    const own = (rows: Row[]) => rows.filter((r) => ids.includes(r.projectId));
    const committed = sum(own(commitments).map((r) => r.amountCents));
    const disbursed = sum(own(disbursements).map((r) => r.amountCents));
    // Drawdown lag per project: commitments dated on or before the cutoff minus everything disbursed, if positive.
    const lags = ids
      .map(
        (id) =>
          sum(commitments.filter((c) => c.projectId === id && c.date <= '2025-03-15').map((c) => c.amountCents)) -
          sum(disbursements.filter((d) => d.projectId === id).map((d) => d.amountCents)),
      )
      .filter((lag) => lag > 0);
    const grants = ids.map((id) => projects.get(id)?.grantCents ?? null);
    return {
      projectCount: ids.length,
      grantKnownCount: grants.filter((g) => g !== null).length,
      grantKnownCents: sum(grants.filter((g): g is number => g !== null)),
      grantUnknownCount: grants.filter((g) => g === null).length,
      committedCents: committed,
      disbursedCents: disbursed,
      repaidCents: 0,
      remainingCents: committed - disbursed,
      committedOfBudgetBp: bp(committed, BUDGET),
      disbursedOfBudgetBp: bp(disbursed, BUDGET),
      drawdownLagProjectCount: lags.length,
      drawdownLagCents: sum(lags),
    };
  }

  it('answers 202 with the run, and the run completes with dataAsOf = the clock when the rows were read', () => {
    expect(run).toMatchObject({ kind: 'rollup', status: 'completed', params: { kind: 'funding' }, dataAsOf: NOW, error: null });
    expect(run.result).toMatchObject({ kind: 'funding', groupBy: 'round', dataAsOf: NOW, contentHash: run.contentHash });
  });

  it('gives exactly the sums of the recorded rows in total and per round, category and Land', () => {
    const { totals, groups } = run.result;
    expect(totals).toEqual({ ...expected(() => true), reportedSpendCents: 1_000_000 + 234 + 500 + 42 });
    expect(totals).toMatchObject({
      projectCount: 73,
      committedCents: 6_460_003_002,
      disbursedCents: 5_573_456_796,
      drawdownLagProjectCount: 4,
      drawdownLagCents: 736_544_206,
    });

    const by = Object.fromEntries(groups.map((g: { by: string; items: Group[] }) => [g.by, g.items]));
    expect(groups.map((g: { by: string }) => g.by)).toEqual(['round', 'category', 'state', 'budgetYear']);
    expect(by.round.map((g: Group) => g.key)).toEqual(['1', '2', '3']);
    for (const round of [1, 2, 3]) expect(group(by.round, String(round))).toMatchObject(expected((p) => p.round === round));
    expect(by.category).toHaveLength(4);
    for (const g of by.category) expect(g).toMatchObject(expected((p) => p.category === g.key));
    expect(by.state).toHaveLength(16);
    for (const g of by.state) expect(g).toMatchObject(expected((p) => p.states.includes(g.key)));
    expect(group(by.state, 'DE-HH')).toMatchObject({ label: 'Hamburg', committedCents: 700_000_000, drawdownLagCents: 300_000_000 });
    expect(group(by.round, '2')).toMatchObject({ label: 'Staffel 2 (2020)', reportedSpendCents: 1_000_734 });
  });

  it('gives the commitments and disbursements of each budget year, every programme year listed', () => {
    const years = run.result.groups.find((g: { by: string }) => g.by === 'budgetYear').items as Group[];
    expect(years.map((y) => y.key)).toEqual([
      '2019',
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
      '2026',
      '2027',
      '2028',
      '2029',
      '2030',
    ]);
    for (const y of years) {
      const year = Number(y.key);
      const c = commitments.filter((r) => r.budgetYear === year);
      const d = disbursements.filter((r) => r.budgetYear === year);
      expect(y).toEqual({
        key: y.key,
        label: y.key,
        projectCount: new Set([...c, ...d].map((r) => r.projectId)).size,
        commitmentCount: c.length,
        committedCents: sum(c.map((r) => r.amountCents)),
        disbursementCount: d.length,
        disbursedCents: sum(d.map((r) => r.amountCents)),
        repaidCents: 0,
        committedOfBudgetBp: bp(sum(c.map((r) => r.amountCents)), BUDGET),
        disbursedOfBudgetBp: bp(sum(d.map((r) => r.amountCents)), BUDGET),
      });
    }
    expect(group(years, '2021')).toMatchObject({
      commitmentCount: 1,
      committedCents: 550_000_001,
      disbursementCount: 3,
      disbursedCents: 423_456_796,
    });
  });

  it('reconciles: rounds and categories add up to the total, budget years to committed and disbursed; Länder count a multi-Land project in each', async () => {
    const snapshot = await snapshotOf(t, auditor.auth, run);
    const { totals, groups, notes } = snapshot.content;
    const additive = [
      'projectCount',
      'grantKnownCount',
      'grantKnownCents',
      'grantUnknownCount',
      'committedCents',
      'disbursedCents',
      'reportedSpendCents',
      'remainingCents',
      'drawdownLagProjectCount',
      'drawdownLagCents',
    ];
    for (const grouping of ['round', 'category']) {
      for (const field of additive)
        expect([grouping, field, sum(groups[grouping].map((g: Group) => g[field] as number))]).toEqual([grouping, field, totals[field]]);
    }
    expect(sum(groups.budgetYear.map((g: Group) => g.committedCents as number))).toBe(totals.committedCents);
    expect(sum(groups.budgetYear.map((g: Group) => g.disbursedCents as number))).toBe(totals.disbursedCents);
    // The Länder overcount by exactly the multi-Land project's extra Länder.
    const twins = bySlug(projects, 'hamburg-leipzig-und-muenchen-connected-urban-twins');
    expect(sum(groups.state.map((g: Group) => g.committedCents as number))).toBe(totals.committedCents + 2 * 700_000_000);
    expect(sum(groups.state.map((g: Group) => g.projectCount as number))).toBe(73 + twins.states.length - 1);
    expect(notes).toMatchObject({ multiLandProjectCount: 1, state: expect.stringContaining('counts in full in each') });
  });

  it('stores a snapshot whose hash is the SHA-256 of its content without the timestamps', async () => {
    const snapshot = await snapshotOf(t, auditor.auth, run);
    expect(snapshot).toMatchObject({
      id: run.result.snapshotId,
      kind: 'funding',
      jobRunId: run.id,
      dataAsOf: NOW,
      contentHash: run.contentHash,
    });
    expect(snapshot.content.asOf).toEqual({ dataAsOf: NOW, date: '2026-03-15', drawdownLagCutoff: '2025-03-15' });
    expect(hashWithoutAsOf(snapshot.content)).toBe(run.contentHash);
    expect(snapshot.content.totals).toEqual(run.result.totals);
  });

  it('lists the requested grouping first; the same rows give the same hash, and compare reports no difference', async () => {
    freezeClock(t, '2026-03-15T18:00:00.000Z');
    const byState = await runRollup(t, auditor.auth, { kind: 'funding', groupBy: 'state' });
    expect(byState.params).toEqual({ kind: 'funding', groupBy: 'state' });
    expect(byState.result.groups.map((g: { by: string }) => g.by)).toEqual(['state', 'round', 'category', 'budgetYear']);
    expect(byState.result.groups[0].note).toContain('Länder');
    expect(byState.contentHash).toBe(run.contentHash);
    expect(byState.result.snapshotId).not.toBe(run.result.snapshotId);

    const res = await t.http
      .get(`/api/v1/rollups/compare?from=${run.result.snapshotId}&to=${byState.result.snapshotId}`)
      .set('Authorization', officer.auth)
      .expect(200);
    expect(res.body).toEqual({
      kind: 'funding',
      from: { id: run.result.snapshotId, dataAsOf: NOW, contentHash: run.contentHash },
      to: { id: byState.result.snapshotId, dataAsOf: '2026-03-15T18:00:00.000Z', contentHash: run.contentHash },
      identical: true,
      totals: {},
      groups: { round: [], category: [], state: [], budgetYear: [] },
      projects: [],
    });
  });

  it('compares a later roll-up group by group after a new disbursement', async () => {
    await recordDisbursement('solingen', { amountCents: 4_000_000, date: '2026-03-01', budgetYear: 2026 });
    const later = await runRollup(t, officer.auth, { kind: 'funding' });
    expect(later.contentHash).not.toBe(run.contentHash);
    const res = await t.http
      .get(`/api/v1/rollups/compare?from=${run.result.snapshotId}&to=${later.result.snapshotId}`)
      .set('Authorization', auditor.auth)
      .expect(200);
    const change = (from: number, to: number) => ({ from, to, delta: to - from });
    const moved = (before: Record<string, number>) => ({
      disbursedCents: change(before.disbursedCents, before.disbursedCents + 4_000_000),
      remainingCents: change(before.remainingCents, before.remainingCents - 4_000_000),
      drawdownLagCents: change(before.drawdownLagCents, before.drawdownLagCents - 4_000_000),
      disbursedOfBudgetBp: change(before.disbursedOfBudgetBp, bp(before.disbursedCents + 4_000_000, BUDGET)),
    });
    const without = (changes: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(changes).filter(([, c]) => (c as { delta: number }).delta !== 0));
    expect(res.body.identical).toBe(false);
    expect(res.body.totals).toEqual(without(moved(run.result.totals)));
    const round1 = group(run.result.groups[0].items, '1') as unknown as Record<string, number>;
    expect(res.body.groups.round).toEqual([{ key: '1', label: 'Staffel 1 (2019)', changes: without(moved(round1)) }]);
    expect(res.body.groups.category.map((g: Group) => g.key)).toEqual(['GROSSSTADT']);
    expect(res.body.groups.state.map((g: Group) => g.key)).toEqual(['DE-NW']);
    expect(res.body.groups.budgetYear).toEqual([
      {
        key: '2026',
        label: '2026',
        changes: { projectCount: change(0, 1), disbursementCount: change(0, 1), disbursedCents: change(0, 4_000_000) },
      },
    ]);
  });

  it('lists snapshots newest data first, by kind and page by page', async () => {
    const all = await t.http.get('/api/v1/rollups?kind=funding').set('Authorization', auditor.auth).expect(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.body.items.map((s: { dataAsOf: string }) => s.dataAsOf)).toEqual([
      '2026-03-15T18:00:00.000Z',
      '2026-03-15T18:00:00.000Z',
      NOW,
    ]);
    expect(all.body.items[2]).toEqual({
      id: run.result.snapshotId,
      kind: 'funding',
      jobRunId: run.id,
      dataAsOf: NOW,
      createdAt: expect.any(String),
      contentHash: run.contentHash,
      totals: run.result.totals,
      url: `/api/v1/rollups/${run.result.snapshotId}`,
    });
    const page = await t.http.get('/api/v1/rollups?kind=funding&limit=1&offset=2').set('Authorization', officer.auth).expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 2, items: [{ id: run.result.snapshotId }] });
    const progress = await t.http.get('/api/v1/rollups?kind=progress').set('Authorization', officer.auth).expect(200);
    expect(progress.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
  });
});
