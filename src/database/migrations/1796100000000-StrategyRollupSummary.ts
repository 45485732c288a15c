import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each strategy cascade's share of the strategy roll-up (issue 14 item 7), stored on its row. Existing cascades
 * start without one: the next strategy roll-up computes theirs from the rows, as it did before, and stores them.
 */
export class StrategyRollupSummary1796100000000 implements MigrationInterface {
  name = 'StrategyRollupSummary1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "strategy" ADD "rollup_summary" text');
    } else {
      await queryRunner.query('ALTER TABLE "strategy" ADD COLUMN "rollup_summary" text');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "strategy" DROP COLUMN "rollup_summary"');
  }
}
