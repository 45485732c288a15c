import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 item 1, the progress roll-up at 100 000 projects:
 * - each report's progress figures stored on its row (see src/reports/report-progress-figures.ts): milestones total
 *   and done, the planned dates of the open ones (ascending, space-separated: "late" depends on the as-of date),
 *   indicators measured and the sum of actual/target. ReportStore.replaceParts writes them with the parts; the
 *   backfill computes them from the rows already there. A report without them (NULL: parts written past the store)
 *   is read from its rows by the roll-up, as before.
 * - an index on the obligations in project order with the columns the roll-up reads (state, due date, and type and
 *   period for the delivered-report check), so its due and overdue counts come from the index alone.
 * The backfill's SQL is written out here, not imported, so this migration keeps doing what it did when the app's
 * code moves on.
 */
export class ReportProgressFigures1796200000000 implements MigrationInterface {
  name = 'ReportProgressFigures1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const columns = [
      '"milestones_total" integer',
      '"milestones_done" integer',
      '"milestones_open_dates" text',
      '"indicators_measured" integer',
      '"indicator_attainment" double precision',
    ];
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`ALTER TABLE "report" ${columns.map((c) => `ADD ${c}`).join(', ')}`);
    } else {
      for (const column of columns) await queryRunner.query(`ALTER TABLE "report" ADD COLUMN ${column}`);
    }
    await queryRunner.query(
      'CREATE INDEX "IDX_reporting_obligation_due" ON "reporting_obligation" ("project_id", "state", "due_date", "type", "period") ',
    );
    const measured = 'i."report_id" = r."id" AND i."target" <> 0 AND i."actual" IS NOT NULL';
    await queryRunner.query(
      `UPDATE "report" AS r SET
         "milestones_total" = (SELECT COUNT(*) FROM "report_milestone" m WHERE m."report_id" = r."id"),
         "milestones_done" = (SELECT COUNT(*) FROM "report_milestone" m WHERE m."report_id" = r."id" AND m."status" = 'done'),
         "milestones_open_dates" = (SELECT COALESCE(string_agg(CAST(m."planned_date" AS TEXT), ' ' ORDER BY m."planned_date"), '')
           FROM "report_milestone" m WHERE m."report_id" = r."id" AND m."status" NOT IN ('done', 'cancelled')),
         "indicators_measured" = (SELECT COUNT(*) FROM "report_indicator" i WHERE ${measured}),
         "indicator_attainment" = (SELECT SUM(i."actual" / i."target") FROM "report_indicator" i WHERE ${measured})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_reporting_obligation_due"');
    for (const column of ['indicator_attainment', 'indicators_measured', 'milestones_open_dates', 'milestones_done', 'milestones_total']) {
      await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "${column}"`);
    }
  }
}
