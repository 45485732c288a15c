import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { TransactionService } from '../src/database/transaction.service';
import type { StrategyRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { strategyRollup } from '../src/rollups/strategy-rollup';
import type { StoredSummary } from '../src/rollups/strategy-rollup-data';
import { applySeed } from '../src/seeds/apply-seed';
import { readSeedData } from '../src/seeds/programme-seed';
import { strategyRollupFromTables } from './support/strategy-rollup-tables-reference';
import type { TestDatabase } from './support/test-app';
import { createTestDatabase, testConfig } from './support/test-app';

/**
 * The migration that stores each cascade's roll-up summary (strategy.rollup_summary) carries a database of the
 * previous schema over: built by the migrations before it, filled with the real portfolio, an accepted cascade
 * with a delivered progress report along it and a draft one; then migrated and started. The cascades have no
 * summary yet: the first strategy roll-up computes the accepted one's from its rows — the content as before —
 * and stores it, and the next one reads it.
 */
const SUMMARY = MIGRATIONS.findIndex((M) => M.name.startsWith('StrategyRollupSummary'));

describe('from the schema before the stored strategy summaries, with cascades in it', () => {
  let db: TestDatabase;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = buildDataSourceOptions(db.config);
    const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, SUMMARY) } as typeof options);
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.transaction((manager) => applySeed(manager, readSeedData()));
    const one = async (text: string) => Number((await old.query(text))[0].id);
    ids.kassel = await one(`SELECT id FROM project WHERE slug = 'kassel'`);
    ids.other = await one(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    const cascade = async (projectId: number, status: string) => {
      const id = await one(
        `INSERT INTO strategy (project_id, status, version, vision, values_json) VALUES (${projectId}, '${status}', 3, 'Vision', '{"codes":[],"own":[]}') RETURNING id`,
      );
      const goal = (key: string, position: number, indicators: object[]) =>
        old.query(
          `INSERT INTO strategy_goal (strategy_id, key, position, title, indicators_json) VALUES (${id}, '${key}', ${position}, 'Ziel', '${JSON.stringify(indicators)}')`,
        );
      await goal('g1', 0, [
        { id: 'i1', name: 'A', unit: '%', baseline: 48, target: 60, targetDate: null },
        { id: 'i2', name: 'B', unit: 'x', baseline: null, target: 300, targetDate: null },
      ]);
      await goal('g2', 1, [{ id: 'i1', name: 'C', unit: 'x', baseline: 10, target: 10, targetDate: null }]);
      const measure = async (key: string, position: number, cost: string, federal: string, goals: string[], tags: [string, string][]) => {
        const measureId = await one(
          `INSERT INTO strategy_measure (strategy_id, key, position, title, planned_cost_cents, planned_federal_cents, status, goal_keys_json, milestones_json)
           VALUES (${id}, '${key}', ${position}, 'Maßnahme', ${cost}, ${federal}, 'running', '${JSON.stringify(goals)}', '[]') RETURNING id`,
        );
        for (const [kind, code] of tags)
          await old.query(`INSERT INTO strategy_measure_term (measure_id, kind, code) VALUES (${measureId}, '${kind}', '${code}')`);
      };
      await measure(
        'm1',
        0,
        '250000000',
        '162500000',
        ['g1'],
        [
          ['fieldOfAction', 'zukunftsfaehige_mobilitaet'],
          ['fieldOfAction', 'digitale_daseinsvorsorge'],
          ['quality', 'klimaneutral_ressourceneffizient'],
          ['guideline', 'zugang'],
        ],
      );
      await measure('m2', 1, 'NULL', 'NULL', ['g1', 'g2'], [['fieldOfAction', 'datenstrategie_datenplattform']]);
      await measure('m3', 2, '1000000', '650000', [], [['quality', 'klimaneutral_ressourceneffizient']]);
      return id;
    };
    ids.accepted = await cascade(ids.kassel, 'accepted');
    ids.draft = await cascade(ids.other, 'draft');
    const report = (projectId: number, period: string, status: string) =>
      one(
        `INSERT INTO report (project_id, type, period, status, version, due_date) VALUES (${projectId}, 'progress', '${period}', '${status}', 2, '2030-01-31') RETURNING id`,
      );
    await report(ids.kassel, '2023-H2', 'accepted');
    const latest = await report(ids.kassel, '2024-H1', 'submitted');
    await report(ids.kassel, '2024-H2', 'draft');
    await old.query(
      `INSERT INTO report_measure_progress (report_id, position, measure_id, status, spend_cents) VALUES (${latest}, 0, 'm1', 'done', 1234567), (${latest}, 1, 'm2', 'stopped', NULL)`,
    );
    await old.query(
      `INSERT INTO report_indicator_actual (report_id, position, goal_id, indicator_id, actual) VALUES (${latest}, 0, 'g1', 'i1', 54), (${latest}, 1, 'g1', 'i2', 100), (${latest}, 2, 'g2', 'i1', 12)`,
    );
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('gives the content computed from the rows, as before, and stores the summary the next roll-up reads', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      const summaries = async () =>
        new Map(
          (await dataSource.query(`SELECT id, rollup_summary FROM strategy ORDER BY id`)).map(
            (r: { id: unknown; rollup_summary: unknown }) => [Number(r.id), r.rollup_summary],
          ),
        );
      expect(await summaries()).toEqual(
        new Map([
          [ids.accepted, null],
          [ids.draft, null],
        ]),
      );
      const before = await app
        .get(TransactionService)
        .snapshot(async (manager) => strategyRollupFromTables(await readSource(manager, app.get(Clock).now())));

      const content = (await app.get(RollupCalculator).compute('strategy')) as StrategyRollupContent;
      expect({ ...content, asOf: null }).toEqual({ ...before, asOf: null });
      // g1/i1: (54 − 48) / (60 − 48) = 50 %, g1/i2: 100 / 300; g2/i1 has target = baseline: unknown.
      expect(content.totals).toMatchObject({
        cascadesAccepted: 1,
        measureCount: 3,
        measuresDone: 1,
        measuresStopped: 1,
        measuresRunning: 1,
        plannedCostCents: 251_000_000,
        plannedFederalCents: 163_150_000,
        measuresCostUnknown: 1,
        reportedSpendCents: 1_234_567,
        measuresSpendUnknown: 2,
        indicatorCount: 3,
        indicatorsMeasured: 2,
        attainmentAvgBp: Math.round(((0.5 + 100 / 300) * 10_000) / 2),
      });
      expect(content.notes).toMatchObject({ multiCountedMeasures: 1, multiCountedProjects: 1 });

      const stored = await summaries();
      expect(stored.get(ids.draft)).toBeNull();
      expect(JSON.parse(stored.get(ids.accepted) as string)).toMatchObject({ v: 1, sv: 3, rv: 2, mm: 1, mf: 1 });
      const refreshed: StoredSummary[] = [];
      const again = await app
        .get(TransactionService)
        .snapshot(async (manager) => strategyRollup(await readSource(manager, app.get(Clock).now()), { refreshed }));
      expect(refreshed).toEqual([]);
      expect({ ...again, asOf: null }).toEqual({ ...before, asOf: null });
    } finally {
      await app.close();
    }
  });
});
