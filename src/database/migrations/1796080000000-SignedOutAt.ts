import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-out ends the account's sessions: the second from which its tokens count again (null: never signed out). */
export class SignedOutAt1796080000000 implements MigrationInterface {
  name = 'SignedOutAt1796080000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "app_user" ADD "signed_out_at_ms" bigint');
    } else {
      await queryRunner.query('ALTER TABLE "app_user" ADD COLUMN "signed_out_at_ms" bigint');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "signed_out_at_ms"');
  }
}
