import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each report's spending total (the sum of its report_spending lines), stored on the report row (issue 13 item 1): the
 * funding roll-up then reads one column of the reports instead of every spending line. ReportStore.replaceParts
 * writes it with the lines; the backfill sums the lines of the reports already there. A report without one (NULL:
 * written by something other than the store) is summed from its lines by the roll-up, as before.
 */
export class ReportSpendingTotal1796110000000 implements MigrationInterface {
  name = 'ReportSpendingTotal1796110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "report" ADD "spending_cents" bigint');
    } else {
      await queryRunner.query('ALTER TABLE "report" ADD COLUMN "spending_cents" bigint');
    }
    await queryRunner.query(
      'UPDATE "report" SET "spending_cents" = (SELECT COALESCE(SUM(s."amount_cents"), 0) FROM "report_spending" s WHERE s."report_id" = "report"."id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "report" DROP COLUMN "spending_cents"');
  }
}
