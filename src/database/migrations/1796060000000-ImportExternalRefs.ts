import { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk import: each commitment and disbursement may carry its source's key (external_ref), unique per table. */
export class ImportExternalRefs1796060000000 implements MigrationInterface {
  name = 'ImportExternalRefs1796060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = queryRunner.connection.options.type === 'postgres' ? 'character varying(100)' : 'varchar(100)';
    for (const table of ['commitment', 'disbursement']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "external_ref" ${varchar}`);
      await queryRunner.query(`CREATE UNIQUE INDEX "IDX_${table}_external_ref" ON "${table}" ("external_ref")`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['disbursement', 'commitment']) {
      await queryRunner.query(`DROP INDEX "IDX_${table}_external_ref"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "external_ref"`);
    }
  }
}
