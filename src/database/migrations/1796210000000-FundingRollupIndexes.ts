import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two covering indexes for the funding roll-up (issue 13 item 1), so that its two largest reads need neither the table
 * rows nor a sort:
 * - report (project_id, status, spending_cents): the delivered reports' stored spending totals, summed per project in
 *   project_id order from the index alone instead of looking up 1.4 million report rows at 100 000 projects;
 * - disbursement (budget_year, kind, amount_cents, project_id): the disbursements per budget year, grouped in index
 *   order instead of sorting every row of the programme (a temporary B-tree that spills to disk at 100 000 projects).
 * Both are the same statement on both databases; nothing is backfilled.
 */
export class FundingRollupIndexes1796210000000 implements MigrationInterface {
  name = 'FundingRollupIndexes1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_report_delivered_spending" ON "report" ("project_id", "status", "spending_cents")');
    await queryRunner.query(
      'CREATE INDEX "IDX_disbursement_budget_year" ON "disbursement" ("budget_year", "kind", "amount_cents", "project_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_disbursement_budget_year"');
    await queryRunner.query('DROP INDEX "IDX_report_delivered_spending"');
  }
}
