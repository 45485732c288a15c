import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import { Report } from '../src/reports/report.entity';
import type { FundingRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { standardAccounts } from './support/accounts';
import { draft, freezeClock, patch, projectBySlug } from './support/reports';
import { fundingRollupReference } from './support/rollups-reference/funding-reference';
import { databaseBefore } from './support/migrations';
import { expectSameFields } from './support/same-fields';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestApp, createTestDatabase, testConfig } from './support/test-app';

/**
 * The migration that stores each report's spending total (report.spending_cents) carries a database of the previous
 * schema over: built by the migrations before it, filled with the real portfolio and reports with spending lines in
 * every status (one delivered report without lines); then migrated and started. The backfill sums each report's
 * lines, and the funding roll-up gives the content the former computation (test/support/rollups-reference) gives,
 * also for a report whose total is missing (summed from its lines).
 */

describe('from the schema before the stored report spending totals, with reports in it', () => {
  let db: TestDatabase;
  const reports: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const old = await databaseBefore(db, 'ReportSpendingTotal');
    const one = async (text: string) => Number((await old.query(text))[0].id);
    const kassel = await one(`SELECT id FROM project WHERE slug = 'kassel'`);
    const other = await one(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    const report = async (name: string, projectId: number, period: string, status: string, lines: string[]) => {
      const id = await one(
        `INSERT INTO report (project_id, type, period, status, version, due_date) VALUES (${projectId}, 'progress', '${period}', '${status}', 2, '2030-01-31') RETURNING id`,
      );
      for (const [i, amount] of lines.entries()) {
        const category = ['personnel', 'material', 'services'][i];
        await old.query(`INSERT INTO report_spending (report_id, cost_category, amount_cents) VALUES (${id}, '${category}', ${amount})`);
      }
      reports[name] = id;
    };
    await report('accepted', kassel, '2023-H2', 'accepted', ['25000003', '9999999999']);
    await report('submitted', kassel, '2024-H1', 'submitted', ['17']);
    await report('noLines', kassel, '2024-H2', 'submitted', []);
    await report('draft', kassel, '2025-H1', 'draft', ['5000']);
    await report('changes', other, '2024-H1', 'changes_requested', ['700', '800']);
    await report('otherAccepted', other, '2023-H2', 'accepted', ['123456789012']);
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('stores the sum of every report’s lines, and the funding roll-up gives the content it gave before', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      const totals = async () =>
        new Map(
          (await dataSource.query(`SELECT id, spending_cents FROM report ORDER BY id`)).map(
            (r: { id: unknown; spending_cents: unknown }) => [Number(r.id), r.spending_cents === null ? null : Number(r.spending_cents)],
          ),
        );
      expect(await totals()).toEqual(
        new Map([
          [reports.accepted, 10_025_000_002],
          [reports.submitted, 17],
          [reports.noLines, 0],
          [reports.draft, 5_000],
          [reports.changes, 1_500],
          [reports.otherAccepted, 123_456_789_012],
        ]),
      );
      const reference = () =>
        app.get(TransactionService).snapshot(async (manager) => fundingRollupReference(await readSource(manager, app.get(Clock).now())));
      const before = await reference();
      const content = (await app.get(RollupCalculator).compute('funding')) as FundingRollupContent;
      expectSameFields({ ...content, asOf: null }, { ...before, asOf: null });
      expect(content.totals.reportedSpendCents).toBe(10_025_000_002 + 17 + 123_456_789_012);

      // A total that is missing (a report written past ReportStore) is summed from the lines, as before.
      await dataSource.query(`UPDATE report SET spending_cents = NULL WHERE id IN (${reports.accepted}, ${reports.noLines})`);
      const missing = (await app.get(RollupCalculator).compute('funding')) as FundingRollupContent;
      expectSameFields({ ...missing, asOf: null }, { ...(await reference()), asOf: null });
      expect(missing.totals.reportedSpendCents).toBe(10_025_000_002 + 17 + 123_456_789_012);
    } finally {
      await app.close();
    }
  });
});

describe('a report’s stored spending total', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, '2026-03-15T09:30:00.000Z');
  });
  afterAll(() => t.close());

  const stored = async (id: number) => (await t.dataSource.getRepository(Report).findOneByOrFail({ id })).spendingCents;

  it('is written with the lines when a report is drafted and when its spending is replaced, and kept when it is not', async () => {
    const accounts = await standardAccounts(t);
    const kassel = (await projectBySlug(t, 'kassel')).id;
    const res = await draft(t, accounts.kassel.auth, kassel).expect(201);
    const id = res.body.id as number;
    expect(await stored(id)).toBe(12_500_000 + 3_000_000);
    await patch(t, accounts.kassel.auth, id, 1, { spending: [{ costCategory: 'investment', amountCents: 99_999_999_999 }] }).expect(200);
    expect(await stored(id)).toBe(99_999_999_999);
    await patch(t, accounts.kassel.auth, id, 2, { narrative: 'Nur der Text.' }).expect(200);
    expect(await stored(id)).toBe(99_999_999_999);
    await patch(t, accounts.kassel.auth, id, 3, { spending: [] }).expect(200);
    expect(await stored(id)).toBe(0);
  });
});
