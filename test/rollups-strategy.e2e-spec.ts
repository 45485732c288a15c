import fc from 'fast-check';
import { TransactionService } from '../src/database/transaction.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { freezeClock } from './support/reports';
import type { PortfolioProject } from './support/rollups';
import { portfolio, requestRollup, runRollup, snapshotOf } from './support/rollups';
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

type Figures = Record<string, number | null>;
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

describe('strategy roll-up requests', () => {
  let t: TestApp;
  let officer: Account;

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
  });
  afterAll(() => t.close());

  it('refuses a grouping the kind lacks, naming groupBy: category for strategy, fieldOfAction for funding', async () => {
    const strategy = await requestRollup(t, officer.auth, { kind: 'strategy', groupBy: 'category' }).expect(400);
    expect(strategy.body).toMatchObject({ code: 'VALIDATION.INVALID', details: [{ field: 'groupBy' }] });
    expect(strategy.body.details[0].message).toContain('fieldOfAction, quality, guideline, round, state');
    const funding = await requestRollup(t, officer.auth, { kind: 'funding', groupBy: 'fieldOfAction' }).expect(400);
    expect(funding.body.details[0].field).toBe('groupBy');
  });
});
