import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each strategy cascade's share of the strategy roll-up (issue 14 item 7), stored on its row. Existing cascades
 * start without one: the next strategy roll-up computes theirs from the rows, as it did before, and stores them.
 * The index lets the roll-up find each project's latest delivered progress report (id, version), which a stored
 * summary is checked against, without reading the report rows.
 */
export class StrategyRollupSummary1796100000000 implements MigrationInterface {
  name = 'StrategyRollupSummary1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "strategy" ADD "rollup_summary" text');
    } else {
      await queryRunner.query('ALTER TABLE "strategy" ADD COLUMN "rollup_summary" text');
    }
    await queryRunner.query(
      'CREATE INDEX "IDX_report_latest_delivered" ON "report" ("project_id", "type", "period", "status", "version") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_report_latest_delivered"');
    await queryRunner.query('ALTER TABLE "strategy" DROP COLUMN "rollup_summary"');
  }
}
