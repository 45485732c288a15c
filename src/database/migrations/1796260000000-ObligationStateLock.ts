import { MigrationInterface, QueryRunner } from 'typeorm';
import { PG_OBLIGATION, PG_REPORT } from './1796230000000-ReportSummaries';

/**
 * An obligation's state follows its report on PostgreSQL by two triggers (migration ReportSummaries1796230000000): the
 * obligation's own sets it from the reports its statement sees, the report's updates the obligations of the report's
 * key. One transaction inserting an obligation while another delivers its report (submits the draft, or inserts the
 * project's first report already submitted) saw neither the other's row: the obligation said 'open' beside a submitted
 * report until the next obligation sync. So both functions now take the project's report summary row first (made if
 * missing, only for a project that exists; the insert waits for another's uncommitted insert of the same row) and lock
 * it FOR UPDATE: the obligation's function before it reads the reports, the report's, for OLD's and NEW's project in
 * project order (so that two of them cannot deadlock over the pair), before anything else, also before it frees the
 * obligations of a key the report moved away from. Whichever comes second waits for the other's commit, and its next
 * statement, with a snapshot of its own, sees the other's row. As report_summary_refresh does (0400fc4).
 *
 * SQLite: nothing to do. It has one writer at a time, so a trigger's statement already sees every committed change.
 */
const lockSummaries = (projects: string) => `
    INSERT INTO project_report_summary (project_id, submitted, accepted, changes_requested, draft)
      SELECT p.id, 0, 0, 0, 0 FROM project p WHERE p.id = ANY(${projects}) ORDER BY p.id ON CONFLICT (project_id) DO NOTHING;
    PERFORM 1 FROM project_report_summary WHERE project_id = ANY(${projects}) ORDER BY project_id FOR UPDATE;`;

/** A trigger function as ReportSummaries created it, its body between BEGIN and END. */
const triggerFunction = (name: string, body: string) =>
  `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} END $$`;

export class ObligationStateLock1796260000000 implements MigrationInterface {
  name = 'ObligationStateLock1796260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return; // SQLite: one writer at a time (above)
    // A waived obligation reads no report, so it has nothing to wait for. OLD is NULL on INSERT, NEW on DELETE.
    await queryRunner.query(
      triggerFunction(
        'obligation_state',
        `IF NEW.state <> 'waived' THEN ${lockSummaries('ARRAY[NEW.project_id]')} END IF; ${PG_OBLIGATION}`,
      ),
    );
    await queryRunner.query(
      triggerFunction('report_summary_report', `${lockSummaries('ARRAY[OLD.project_id, NEW.project_id]')} ${PG_REPORT}`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The functions as migration ReportSummaries made them; SQLite had nothing changed.
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(triggerFunction('obligation_state', PG_OBLIGATION));
    await queryRunner.query(triggerFunction('report_summary_report', PG_REPORT));
  }
}
