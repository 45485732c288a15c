import { MigrationInterface, QueryRunner } from 'typeorm';
import { PG_REFRESH, PG_UPSERT } from './1796220000000-ProjectJson';

/**
 * The stored project JSON's refresh on PostgreSQL (migration ProjectJson1796220000000) was one upsert. Two
 * transactions changing one project at once (each adding a member or a Land, say) each built the text from their own
 * snapshot's rows, and the later write dropped the other's change until the project's next one. So the refresh now
 * makes the rows it writes (a placeholder for a project without one, which the rewrite replaces; only for projects
 * that exist) and locks them, in project order, so that two refreshes of several projects (a body renamed, a round
 * renumbered) take their locks in one order and cannot deadlock over them; then it builds the text as before in a
 * statement of its own, with a snapshot that sees what the other committed. As report_summary_refresh does
 * (ReportSummaries1796230000000).
 *
 * SQLite: nothing to do. It has one writer at a time, so a trigger's statement already sees every committed change.
 */
export class ProjectJsonLock1796250000000 implements MigrationInterface {
  name = 'ProjectJsonLock1796250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return; // SQLite: one writer at a time (above)
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION project_json_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO project_json (project_id, json)
          SELECT p.id, '' FROM project p WHERE p.id = ANY(ids) ORDER BY p.id ON CONFLICT (project_id) DO NOTHING;
        PERFORM 1 FROM project_json WHERE project_id = ANY(ids) ORDER BY project_id FOR UPDATE;
        ${PG_UPSERT};
      END $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The refresh as migration ProjectJson made it; SQLite had nothing changed.
    if (queryRunner.connection.options.type === 'postgres') await queryRunner.query(`CREATE OR REPLACE FUNCTION ${PG_REFRESH}`);
  }
}
