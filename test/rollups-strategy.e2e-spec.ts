import fc from 'fast-check';
import { TransactionService } from '../src/database/transaction.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { freezeClock, projectBySlug } from './support/reports';
import { cascade, putStrategy } from './support/strategy';
import type { PortfolioProject } from './support/rollups';
import { insertReport, portfolio, requestRollup, runRollup, snapshotOf } from './support/rollups';
import { ReportIndicatorActual, ReportMeasureProgress } from '../src/reports/report-cascade.entity';
import type { CascadeSeed, IndicatorSeed, MeasureSeed } from './support/strategy-rollups';
import { expectedFigures, insertCascade } from './support/strategy-rollups';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/*
 * The strategy roll-up (issue 14, item 5): for random cascades — accepted or
 * not, measures under one, two or no fields of action, amounts and indicators
 * known or not, with and without a delivered report — its figures are exactly
 * those computed here from the same plans: per field of action, per round and
 * in total. Attainment (a mean of fractions summed in floating point) may
 * differ from the test's by rounding: ±1 basis point.
 */

const NOW = '2025-06-01T12:00:00.000Z';
const FIELDS = ['digitale_daseinsvorsorge', 'zukunftsfaehige_mobilitaet', 'it_sicherheit'];
const QUALITIES = ['lebenswert_liebenswert', 'responsiv_sensitiv'];
const STATUS = fc.constantFrom('planned' as const, 'running' as const, 'done' as const, 'stopped' as const);
const cents = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: null, freq: 4 });
const value = fc.option(fc.integer({ min: -50, max: 500 }), { nil: null, freq: 4 });

const indicatorArb: fc.Arbitrary<IndicatorSeed> = fc.record({
  baseline: value,
  target: value,
  actual: fc.option(value, { nil: undefined, freq: 3 }),
});
const measureArb = (goals: number): fc.Arbitrary<MeasureSeed> =>
  fc.record({
    fields: fc.subarray(FIELDS),
    qualities: fc.subarray(QUALITIES),
    goals: fc.subarray([...Array(goals).keys()]),
    cost: cents(50_000_000_00),
    federal: cents(20_000_000),
    status: STATUS,
    reported: fc.option(fc.record({ status: STATUS, spend: cents(9_000_000) }), { nil: undefined, freq: 2 }),
  });
const cascadeArb = fc
  .record({
    index: fc.integer({ min: 0, max: 72 }),
    status: fc.constantFrom('draft' as const, 'submitted' as const, 'changes_requested' as const, 'accepted' as const, 'accepted' as const),
    goals: fc.array(fc.array(indicatorArb, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    report: fc.constantFrom('none' as const, 'submitted' as const, 'accepted' as const),
  })
  .chain((c) => fc.array(measureArb(c.goals.length), { minLength: 1, maxLength: 4 }).map((measures) => ({ ...c, measures })));
const cascadesArb = fc.uniqueArray(cascadeArb, { minLength: 1, maxLength: 6, selector: (c) => c.index });

type Figures = Record<string, number | string | null>;
const groupsOf = (run: { result: { groups: { by: string; items: Figures[] }[] } }, by: string) =>
  run.result.groups.find((g) => g.by === by)?.items ?? [];

/** Compares a group's figures with the expected ones: counts and cents exactly, the mean attainment within 1 bp. */
function expectFigures(actual: Figures, expected: ReturnType<typeof expectedFigures>) {
  const { attainmentAvg, ...exact } = expected;
  expect(actual).toMatchObject(exact);
  if (attainmentAvg === null) expect(actual.attainmentAvgBp).toBeNull();
  else expect(Math.abs((actual.attainmentAvgBp as number) - attainmentAvg)).toBeLessThanOrEqual(1);
}

async function clearCascades(t: TestApp) {
  await t.app.get(TransactionService).run(async (manager) => {
    for (const table of [
      'report_measure_progress',
      'report_indicator_actual',
      'report',
      'strategy_measure_term',
      'strategy_measure',
      'strategy_goal',
      'strategy',
    ])
      await manager.query(`DELETE FROM ${table}`);
  });
}

describe('strategy roll-up figures (property)', () => {
  let t: TestApp;
  let officer: Account;
  let projects: PortfolioProject[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
    projects = [...(await portfolio(t)).values()].sort((a, b) => a.id - b.id);
    freezeClock(t, NOW);
  });
  afterAll(() => t.close());

  it('equal the sums over the accepted cascades only: in total, per field of action and per round', async () => {
    await fc.assert(
      fc.asyncProperty(cascadesArb, async (plans) => {
        await clearCascades(t);
        const seeds: CascadeSeed[] = plans.map((p) => ({ ...p, projectId: projects[p.index].id }));
        for (const seed of seeds) await insertCascade(t, seed);
        const run = await runRollup(t, officer.auth, { kind: 'strategy', groupBy: 'fieldOfAction' });
        expect(run.result.groups.map((g: { by: string }) => g.by)).toEqual(['fieldOfAction', 'quality', 'guideline', 'round', 'state']);

        const accepted = seeds.filter((s) => s.status === 'accepted');
        const measures = accepted.flatMap((seed) => seed.measures.map((m) => ({ seed, m })));
        const indicators = (seed: CascadeSeed, goals: number[]) => goals.flatMap((g) => seed.goals[g].map((i) => ({ seed, i })));
        const all = (seed: CascadeSeed) => indicators(seed, [...seed.goals.keys()]);
        const totals = expectedFigures(measures, accepted.flatMap(all));
        expectFigures(run.result.totals, totals);
        expect(run.result.totals).toMatchObject({
          cascadesAccepted: accepted.length,
          projectsWithoutCascade: projects.length - accepted.length,
        });

        for (const group of groupsOf(run, 'fieldOfAction')) {
          const tagged = measures.filter((x) => x.m.fields.includes(String(group.key)));
          const served = accepted.flatMap((seed) =>
            indicators(seed, [...new Set(tagged.filter((x) => x.seed === seed).flatMap((x) => x.m.goals))]),
          );
          expectFigures(group, expectedFigures(tagged, served));
        }
        const multi = measures.filter((x) => x.m.fields.length > 1);
        const projectsMulti = accepted.filter((s) => new Set(s.measures.flatMap((m) => m.fields)).size > 1);
        const snapshot = await snapshotOf(t, officer.auth, run);
        expect(snapshot.content.notes).toMatchObject({ multiCountedMeasures: multi.length, multiCountedProjects: projectsMulti.length });

        const roundOf = new Map(projects.map((p) => [p.id, p.round]));
        for (const group of groupsOf(run, 'round')) {
          const inRound = accepted.filter((s) => String(roundOf.get(s.projectId)) === String(group.key));
          expectFigures(
            group,
            expectedFigures(
              inRound.flatMap((seed) => seed.measures.map((m) => ({ seed, m }))),
              inRound.flatMap(all),
            ),
          );
          expect(group.projectCount).toBe(inRound.length);
        }
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});

describe('the strategy roll-up along the cascade workflow', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof standardAccounts>>;
  let kassel: number;
  const url = (tail: string) => `/api/v1/projects/${kassel}/strategy${tail}`;
  const field = (run: { result: { groups: { by: string; items: Figures[] }[] } }, code: string) =>
    groupsOf(run, 'fieldOfAction').find((g) => g.key === code) as Figures;
  // Kassel's fixture: m1 serves g1 under two fields (Mobilität, Daseinsvorsorge), m2 serves g2 under Datenplattform.
  const body = cascade({
    goals: [
      cascade().goals[0],
      { id: 'g2', title: 'Offene Daten der Stadt', indicators: [{ id: 'i1', name: 'Offene Datensätze', unit: 'Anzahl' }] },
    ],
  });

  beforeAll(async () => {
    t = await createTestApp();
    a = await standardAccounts(t);
    kassel = (await projectBySlug(t, 'kassel')).id;
  });
  afterAll(() => t.close());

  it('counts a cascade once accepted, not as a draft or submission; its two-field measure in both fields', async () => {
    await putStrategy(t, a.kassel.auth, kassel, body, '0').expect(200);
    await t.http.post(url('/submit')).set('Authorization', a.kassel.auth).expect(200);
    const before = await runRollup(t, a.officer.auth, { kind: 'strategy' });
    expect(before.result.totals).toMatchObject({ cascadesAccepted: 0, projectCount: 0, measureCount: 0, plannedCostCents: 0 });
    expect(before.result.totals.projectsWithoutCascade).toBeGreaterThan(70);

    await t.http.post(url('/review')).set('Authorization', a.officer.auth).send({ decision: 'accept' }).expect(200);
    const after = await runRollup(t, a.officer.auth, { kind: 'strategy', groupBy: 'fieldOfAction' });
    expect(after.result.totals).toMatchObject({
      cascadesAccepted: 1,
      projectCount: 1,
      measureCount: 2,
      measuresRunning: 2,
      plannedCostCents: 500_000_000,
      plannedFederalCents: 325_000_000,
      reportedSpendCents: 0,
      measuresSpendUnknown: 2,
      indicatorCount: 2,
      indicatorsMeasured: 0,
      indicatorsUnknown: 2,
      attainmentAvgBp: null,
    });
    const mobility = field(after, 'zukunftsfaehige_mobilitaet');
    expect(mobility).toMatchObject({ label: 'Zukunftsfähige Mobilität', projectCount: 1, measureCount: 1, plannedCostCents: 250_000_000 });
    expect(field(after, 'digitale_daseinsvorsorge')).toMatchObject({ projectCount: 1, measureCount: 1, indicatorCount: 1 });
    expect(field(after, 'datenstrategie_datenplattform')).toMatchObject({ measureCount: 1, indicatorCount: 1 });
    expect(field(after, 'it_sicherheit')).toMatchObject({ projectCount: 0, measureCount: 0, attainmentAvgBp: null });
    const fieldMeasures = groupsOf(after, 'fieldOfAction').reduce((n, g) => n + Number(g.measureCount), 0);
    expect(fieldMeasures).toBe(3); // the fields add up to more than the 2 measures, and the notes say why
    const { content } = await snapshotOf(t, a.officer.auth, after);
    expect(content.notes).toMatchObject({ multiCountedMeasures: 1, multiCountedProjects: 1 });
    expect(content.notes.fieldOfAction).toContain('Only accepted cascades count');
    expect(after.result.groups[0].note).toBe(content.notes.fieldOfAction);

    const compare = await t.http
      .get(`/api/v1/rollups/compare?from=${before.result.snapshotId}&to=${after.result.snapshotId}`)
      .set('Authorization', a.auditor.auth)
      .expect(200);
    expect(compare.body).toMatchObject({ kind: 'strategy', identical: false, totals: { measureCount: { from: 0, to: 2, delta: 2 } } });
    expect(compare.body.groups.fieldOfAction.map((g: { key: string }) => g.key)).toEqual([
      'digitale_daseinsvorsorge',
      'zukunftsfaehige_mobilitaet',
      'datenstrategie_datenplattform',
    ]);
  });

  it('takes status, spend and actuals from the latest delivered report: unknown indicators are counted, not zero', async () => {
    const reportId = await insertReport(t, { projectId: kassel, period: '2024-H1', status: 'submitted' });
    await t.app.get(TransactionService).run(async (manager) => {
      await manager
        .getRepository(ReportMeasureProgress)
        .insert({ reportId, position: 0, measureId: 'm1', status: 'done', spendCents: 1_234_567 });
      await manager.getRepository(ReportIndicatorActual).insert({ reportId, position: 0, goalId: 'g1', indicatorId: 'i1', actual: 54 });
      await manager.getRepository(ReportIndicatorActual).insert({ reportId, position: 1, goalId: 'g2', indicatorId: 'i1', actual: 17 });
    });
    const run = await runRollup(t, a.officer.auth, { kind: 'strategy' });
    // g1/i1: (54 − 48) / (60 − 48) = 50 %; g2/i1 has no target: unknown, and not part of the mean.
    expect(run.result.totals).toMatchObject({
      measuresDone: 1,
      measuresRunning: 1,
      reportedSpendCents: 1_234_567,
      measuresSpendUnknown: 1,
      indicatorsMeasured: 1,
      indicatorsUnknown: 1,
      attainmentAvgBp: 5000,
    });
    expect(field(run, 'zukunftsfaehige_mobilitaet')).toMatchObject({
      measuresDone: 1,
      reportedSpendCents: 1_234_567,
      attainmentAvgBp: 5000,
    });
    expect(field(run, 'datenstrategie_datenplattform')).toMatchObject({ indicatorsUnknown: 1, attainmentAvgBp: null });
    const again = await runRollup(t, a.officer.auth, { kind: 'strategy' });
    expect(again.contentHash).toBe(run.contentHash);
  });

  it('stops counting a cascade its municipality reopens for revision, until it is accepted again', async () => {
    await putStrategy(t, a.kassel.auth, kassel, cascade({ vision: 'Neue Vision' }), '3').expect(200);
    const run = await runRollup(t, a.officer.auth, { kind: 'strategy' });
    expect(run.result.totals).toMatchObject({ cascadesAccepted: 0, measureCount: 0 });
  });

  it('refuses a grouping the kind lacks, naming groupBy: category for strategy, fieldOfAction for funding', async () => {
    const strategy = await requestRollup(t, a.officer.auth, { kind: 'strategy', groupBy: 'category' }).expect(400);
    expect(strategy.body).toMatchObject({ code: 'VALIDATION.INVALID', details: [{ field: 'groupBy' }] });
    expect(strategy.body.details[0].message).toContain('fieldOfAction, quality, guideline, round, state');
    const funding = await requestRollup(t, a.officer.auth, { kind: 'funding', groupBy: 'fieldOfAction' }).expect(400);
    expect(funding.body.details[0].field).toBe('groupBy');
  });
});
