import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import type { FundingRollupContent } from '../src/rollups/rollup-content';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { fundingRollupReference } from './support/rollups-reference/funding-reference';
import { seededBefore } from './support/previous-schema';
import { expectSameFields } from './support/same-fields';
import type { TestDatabase } from './support/test-app';
import { createTestDatabase, testConfig } from './support/test-app';

/**
 * The migration that adds the funding roll-up's two covering indexes (delivered reports' spending by project,
 * disbursements by budget year) carries a database of the previous schema over: built by the migrations before it,
 * filled with the real portfolio, disbursements and a repayment in two budget years and reports with a spending line
 * and its stored total in several statuses; then migrated and started. The funding roll-up, now read through the indexes, gives
 * the content the former computation (test/support/rollups-reference) gives, with the figures of those rows.
 */
const NAMES = ['IDX_disbursement_budget_year', 'IDX_report_delivered_spending'];

describe('from the schema before the funding roll-up indexes, with disbursements and reports in it', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { old } = await seededBefore(db, 'FundingRollupIndexes');
    const one = async (text: string) => Number((await old.query(text))[0].id);
    const kassel = await one(`SELECT id FROM project WHERE slug = 'kassel'`);
    const other = await one(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    const disburse = (projectId: number, cents: string, date: string, year: number, kind: string) =>
      old.query(
        `INSERT INTO disbursement (project_id, amount_cents, date, budget_year, kind) VALUES (${projectId}, ${cents}, '${date}', ${year}, '${kind}')`,
      );
    await disburse(kassel, '400000', '2023-06-30', 2023, 'disbursement');
    await disburse(kassel, '9999999999', '2024-02-01', 2024, 'disbursement');
    await disburse(kassel, '-1500', '2024-03-01', 2024, 'repayment');
    await disburse(other, '700', '2023-09-30', 2023, 'disbursement');
    // As ReportStore writes them: the spending line and the report's stored total of its lines.
    const report = async (projectId: number, period: string, status: string, spending: string) => {
      const id = await one(
        `INSERT INTO report (project_id, type, period, status, version, due_date, spending_cents) VALUES (${projectId}, 'progress', '${period}', '${status}', 2, '2030-01-31', ${spending}) RETURNING id`,
      );
      await old.query(`INSERT INTO report_spending (report_id, cost_category, amount_cents) VALUES (${id}, 'personnel', ${spending})`);
    };
    await report(kassel, '2023-H2', 'accepted', '25000003');
    await report(kassel, '2024-H1', 'submitted', '17');
    await report(kassel, '2024-H2', 'draft', '5000');
    await report(other, '2024-H1', 'changes_requested', '800');
    await report(other, '2023-H2', 'accepted', '123456789012');
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('adds both indexes, and the funding roll-up gives the content and the figures it gave before', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      const names =
        dataSource.options.type === 'postgres'
          ? `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('${NAMES.join("', '")}') ORDER BY 1`
          : `SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('${NAMES.join("', '")}') ORDER BY 1`;
      expect((await dataSource.query(names)).map((r: { name: string }) => r.name)).toEqual(NAMES);

      const before = await app
        .get(TransactionService)
        .snapshot(async (manager) => fundingRollupReference(await readSource(manager, app.get(Clock).now())));
      const content = (await app.get(RollupCalculator).compute('funding')) as FundingRollupContent;
      expectSameFields({ ...content, asOf: null }, { ...before, asOf: null });
      expect(content.totals).toMatchObject({
        disbursedCents: 400_000 + 9_999_999_999 - 1_500 + 700,
        repaidCents: 1_500,
        reportedSpendCents: 25_000_003 + 17 + 123_456_789_012,
      });
      const year = (key: string) => content.groups.budgetYear.find((g) => g.key === key);
      expect(year('2023')).toMatchObject({ projectCount: 2, disbursementCount: 2, disbursedCents: 400_700, repaidCents: 0 });
      expect(year('2024')).toMatchObject({ projectCount: 1, disbursementCount: 1, disbursedCents: 9_999_998_499, repaidCents: 1_500 });
    } finally {
      await app.close();
    }
  });
});
