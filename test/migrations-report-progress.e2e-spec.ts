import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import { Report } from '../src/reports/report.entity';
import type { ProgressRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { standardAccounts } from './support/accounts';
import { draft, freezeClock, milestone, patch, projectBySlug } from './support/reports';
import { progressRollupReference } from './support/rollups-reference/progress-reference';
import { seededBefore } from './support/previous-schema';
import { expectSameFields } from './support/same-fields';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestApp, createTestDatabase, testConfig } from './support/test-app';

/**
 * The migration that stores each report's progress figures (milestones total and done, the open milestones' planned
 * dates, indicators measured and their attainment sum) carries a database of the previous schema over: built by the
 * migrations before it, filled with the real portfolio and reports with milestones and indicators of every kind
 * (done, cancelled, open before and after today; a target of 0, an actual missing) and one delivered report without
 * parts; then migrated and started. The backfill computes each report's figures from its parts, and the progress
 * roll-up gives the content the former computation (test/support/rollups-reference) gives, also for a report whose
 * figures are missing (read from its parts).
 */
type Figures = [total: number | null, done: number | null, openDates: string | null, measured: number | null, attainment: number | null];

async function storedFigures(dataSource: DataSource): Promise<Map<number, Figures>> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT id, milestones_total, milestones_done, milestones_open_dates, indicators_measured, indicator_attainment FROM report ORDER BY id`,
  );
  const n = (v: unknown) => (v === null ? null : Number(v));
  return new Map(
    rows.map((r) => [
      Number(r.id),
      [
        n(r.milestones_total),
        n(r.milestones_done),
        r.milestones_open_dates as string | null,
        n(r.indicators_measured),
        r.indicator_attainment === null ? null : Math.round(Number(r.indicator_attainment) * 1e9) / 1e9,
      ],
    ]),
  );
}

describe('from the schema before the stored report progress figures, with reports in it', () => {
  let db: TestDatabase;
  const reports: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const { old, id: one } = await seededBefore(db, 'ReportProgressFigures');
    const kassel = await one(`SELECT id FROM project WHERE slug = 'kassel'`);
    const other = await one(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    const report = async (
      name: string,
      projectId: number,
      period: string,
      status: string,
      milestones: [planned: string, status: string][],
      indicators: [target: number, actual: number | null][],
    ) => {
      const id = await one(
        `INSERT INTO report (project_id, type, period, status, version, due_date, overall_status) VALUES (${projectId}, 'progress', '${period}', '${status}', 2, '2030-01-31', 'at_risk') RETURNING id`,
      );
      for (const [position, [planned, state]] of milestones.entries()) {
        await old.query(
          `INSERT INTO report_milestone (report_id, position, title, planned_date, status) VALUES (${id}, ${position}, 'M${position}', '${planned}', '${state}')`,
        );
      }
      for (const [position, [target, actual]] of indicators.entries()) {
        await old.query(
          `INSERT INTO report_indicator (report_id, position, name, unit, target, actual) VALUES (${id}, ${position}, 'I${position}', 'count', ${target}, ${actual === null ? 'NULL' : actual})`,
        );
      }
      reports[name] = id;
    };
    await report('noParts', kassel, '2023-H2', 'submitted', [], []);
    await report(
      'accepted',
      kassel,
      '2024-H1',
      'accepted',
      [
        ['2027-02-01', 'in_progress'],
        ['2024-03-01', 'done'],
        ['2024-01-15', 'delayed'],
        ['2023-11-30', 'cancelled'],
        ['2026-06-30', 'planned'],
      ],
      [
        [400, 120],
        [0, 5],
        [10, null],
        [3, 3],
      ],
    );
    await report('draft', kassel, '2025-H1', 'draft', [['2025-02-01', 'planned']], [[7, 14]]);
    await report(
      'otherAccepted',
      other,
      '2024-H1',
      'accepted',
      [
        ['2020-01-01', 'planned'],
        ['2021-05-05', 'done'],
      ],
      [[8, 2]],
    );
    await report('changes', other, '2024-H2', 'changes_requested', [['2024-09-30', 'done']], []);
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('stores every report’s figures from its parts, and the progress roll-up gives the content it gave before', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      expect(await storedFigures(dataSource)).toEqual(
        new Map<number, Figures>([
          [reports.noParts, [0, 0, '', 0, null]],
          [reports.accepted, [5, 1, '2024-01-15 2026-06-30 2027-02-01', 2, 1.3]],
          [reports.draft, [1, 0, '2025-02-01', 1, 2]],
          [reports.otherAccepted, [2, 1, '2020-01-01', 1, 0.25]],
          [reports.changes, [1, 1, '', 0, null]],
        ]),
      );
      const reference = () =>
        app
          .get(TransactionService)
          .snapshot(async (manager) =>
            progressRollupReference(await readSource(manager, app.get(Clock).now()), testConfig(db.config).reporting),
          );
      const compute = async () => (await app.get(RollupCalculator).compute('progress')) as ProgressRollupContent;
      const content = await compute();
      expectSameFields({ ...content, asOf: null }, { ...(await reference()), asOf: null });
      // The latest delivered reports: kassel's accepted one and the other project's accepted one.
      expect(content.totals.milestonesTotal).toBe(5 + 2);
      expect(content.totals.milestonesDone).toBe(1 + 1);
      expect(content.totals.indicatorsMeasured).toBe(2 + 1);
      expect(content.totals.indicatorAttainmentSumBp).toBe(13_000 + 2_500);

      // Figures that are missing (parts written past ReportStore) are read from the parts, as before.
      await dataSource.query(
        `UPDATE report SET milestones_total = NULL, milestones_done = NULL, milestones_open_dates = NULL, indicators_measured = NULL,
           indicator_attainment = NULL WHERE id IN (${reports.accepted}, ${reports.otherAccepted})`,
      );
      const missing = await compute();
      expectSameFields({ ...missing, asOf: null }, { ...(await reference()), asOf: null });
      expectSameFields({ ...missing, asOf: null }, { ...content, asOf: null });
    } finally {
      await app.close();
    }
  });
});

describe('a report’s stored progress figures', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T09:30:00.000Z');
  });
  afterAll(() => t.close());

  const stored = async (id: number) => {
    const r = await t.dataSource.getRepository(Report).findOneByOrFail({ id });
    return [r.milestonesTotal, r.milestonesDone, r.milestonesOpenDates, r.indicatorsMeasured, r.indicatorAttainment];
  };

  it('are written with the milestones and indicators when a report is drafted and when they are replaced, and kept when they are not', async () => {
    const accounts = await standardAccounts(t);
    const kassel = (await projectBySlug(t, 'kassel')).id;
    const res = await draft(t, accounts.kassel.auth, kassel).expect(201);
    const id = res.body.id as number;
    expect(await stored(id)).toEqual([2, 0, '2025-09-30 2025-12-15', 1, 0.3]);
    const milestones = [
      milestone({ status: 'done', actualDate: '2025-09-29' }),
      milestone({ plannedDate: '2026-01-31', status: 'delayed' }),
    ];
    await patch(t, accounts.kassel.auth, id, 1, { milestones }).expect(200);
    expect(await stored(id)).toEqual([2, 1, '2026-01-31', 1, 0.3]);
    await patch(t, accounts.kassel.auth, id, 2, { narrative: 'Nur der Text.' }).expect(200);
    expect(await stored(id)).toEqual([2, 1, '2026-01-31', 1, 0.3]);
    await patch(t, accounts.kassel.auth, id, 3, { indicators: [] }).expect(200);
    expect(await stored(id)).toEqual([2, 1, '2026-01-31', 0, null]);
  });
});
