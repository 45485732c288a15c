import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 item 1, the progress roll-up at 100 000 projects: what it read from 1.38 M report rows and checked against
 * them per obligation is kept by the database as the reports change.
 *
 * - project_report_summary: per project, its reports by status and its latest delivered progress report (highest
 *   period among submitted/accepted ones): its id, period, overall status and stored progress figures. Rewritten from
 *   the project's reports (index ranges of a dozen rows) by triggers whenever one of its reports is inserted, deleted,
 *   or changes status, type, period, project, overall status or progress figures.
 * - reporting_obligation.state follows the reports: submitted or accepted while a report for it has that status, open
 *   otherwise; waived stays waived. That is the rule ObligationsService's sync applied when it ran (after the workflow's
 *   transitions, at start-up); the triggers apply it at once on every write path (the workflow, imports, the synthetic
 *   generator, plain SQL), so an open obligation past its due date is overdue without a look at the reports.
 *
 * Both are written by the database only. The backfill computes them from the rows already there.
 *
 * The SQLite triggers are part of the schema every SQLite reading the file parses, also an older one (Debian 12's sqlite3
 * shell is 3.40): so no alias on a trigger's UPDATE target; NEW's columns are named instead.
 *
 * SQLite drops a table's triggers with the table: a later migration that rebuilds report or reporting_obligation
 * (TypeORM's SQLite ALTER does) must create the triggers of this one again. The SQL is written out here, not imported,
 * so this migration keeps doing what it did when the app's code moves on.
 */
const DELIVERED = `('submitted', 'accepted')`;

/** The latest delivered progress report's columns a summary repeats. */
const LATEST = [
  'overall_status',
  'milestones_total',
  'milestones_done',
  'milestones_open_dates',
  'indicators_measured',
  'indicator_attainment',
];

/**
 * The summary row of the projects a condition on p selects, from their reports (a project without reports: zeros):
 * the counts by status, and the latest delivered progress report (highest period) with its overall status and its
 * stored progress figures (NULL where the report has none stored: the roll-up reads those from its parts).
 */
const SUMMARY = (where: string) => `
  SELECT p.id,
    (SELECT COUNT(*) FROM report r WHERE r.project_id = p.id AND r.status = 'submitted'),
    (SELECT COUNT(*) FROM report r WHERE r.project_id = p.id AND r.status = 'accepted'),
    (SELECT COUNT(*) FROM report r WHERE r.project_id = p.id AND r.status = 'changes_requested'),
    (SELECT COUNT(*) FROM report r WHERE r.project_id = p.id AND r.status = 'draft'),
    lr.period, lr.id, ${LATEST.map((c) => `lr.${c}`).join(', ')}
  FROM project p LEFT JOIN report lr ON lr.id = (SELECT r.id FROM report r
    WHERE r.project_id = p.id AND r.type = 'progress' AND r.status IN ${DELIVERED} ORDER BY r.period DESC LIMIT 1)
  WHERE ${where}`;

const SUMMARY_COLUMNS = `(project_id, submitted, accepted, changes_requested, draft, latest_period, latest_report_id, ${LATEST.join(', ')})`;

/** The report columns whose change can change a summary (or an obligation's state). */
const WATCHED = `status, type, period, project_id, ${LATEST.join(', ')}`;

/** An obligation's state when a report with this status (NULL: none) is there; waived ones are left alone. */
const stateFor = (status: string) => `CASE WHEN ${status} IN ${DELIVERED} THEN ${status} ELSE 'open' END`;

/**
 * Sets the obligation a report key names (its project, type and period) to the state the report's status gives; `only`
 * narrows it further (SQLite triggers have no IF).
 */
const followReport = (row: 'NEW' | 'OLD', status: string, now: string, only = '1 = 1') => `
  UPDATE reporting_obligation SET state = ${stateFor(status)}, updated_at = ${now}
  WHERE project_id = ${row}.project_id AND type = ${row}.type AND period = ${row}.period
    AND state <> 'waived' AND state <> ${stateFor(status)} AND (${only});`;

/** The delivered status of the report an obligation (o, or NEW in a trigger) names, or NULL. */
const deliveredStatus = (o: string) => `(SELECT r.status FROM report r WHERE r.project_id = ${o}.project_id AND r.type = ${o}.type
    AND r.period = ${o}.period AND r.status IN ${DELIVERED})`;

const KEY_MOVED = 'OLD.project_id <> NEW.project_id OR OLD.type <> NEW.type OR OLD.period <> NEW.period';

const SQLITE_NOW = `datetime('now')`;
const sqliteSummary = (where: string) => `INSERT OR REPLACE INTO project_report_summary ${SUMMARY_COLUMNS} ${SUMMARY(where)};`;

/** SQLite triggers: name, event, body. */
const SQLITE_TRIGGERS: [string, string, string][] = [
  [
    'report_summary_insert',
    'AFTER INSERT ON report',
    sqliteSummary('p.id = NEW.project_id') + followReport('NEW', 'NEW.status', SQLITE_NOW),
  ],
  [
    'report_summary_update',
    `AFTER UPDATE OF ${WATCHED} ON report`,
    sqliteSummary('p.id = NEW.project_id') +
      `INSERT OR REPLACE INTO project_report_summary ${SUMMARY_COLUMNS} ${SUMMARY('p.id = OLD.project_id AND OLD.project_id <> NEW.project_id')};` +
      followReport('OLD', 'NULL', SQLITE_NOW, KEY_MOVED) +
      followReport('NEW', 'NEW.status', SQLITE_NOW),
  ],
  ['report_summary_delete', 'AFTER DELETE ON report', sqliteSummary('p.id = OLD.project_id') + followReport('OLD', 'NULL', SQLITE_NOW)],
  [
    'obligation_state_insert',
    `AFTER INSERT ON reporting_obligation WHEN NEW.state = 'open'`,
    `UPDATE reporting_obligation SET state = ${deliveredStatus('NEW')} WHERE id = NEW.id AND ${deliveredStatus('NEW')} IS NOT NULL;`,
  ],
  [
    'obligation_state_update',
    `AFTER UPDATE OF state, project_id, type, period ON reporting_obligation WHEN NEW.state <> 'waived'`,
    `UPDATE reporting_obligation SET state = COALESCE(${deliveredStatus('NEW')}, 'open')
      WHERE id = NEW.id AND state <> COALESCE(${deliveredStatus('NEW')}, 'open');`,
  ],
];

const PG_NOW = 'now()';

/**
 * PostgreSQL: one function per table (the bodies of report_summary_report and obligation_state); the obligation's own
 * trigger fixes the row before it is written. ObligationStateLock1796260000000 replaces both, and restores them on undo.
 */
export const PG_REPORT = `
  IF TG_OP <> 'INSERT' THEN
    IF TG_OP = 'DELETE' OR OLD.project_id <> NEW.project_id THEN PERFORM report_summary_refresh(OLD.project_id); END IF;
    IF TG_OP = 'DELETE' OR ${KEY_MOVED} THEN ${followReport('OLD', 'NULL', PG_NOW)} END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_summary_refresh(NEW.project_id);
    ${followReport('NEW', 'NEW.status', PG_NOW)}
  END IF;
  RETURN NULL;`;

export const PG_OBLIGATION = `
  IF NEW.state <> 'waived' THEN
    NEW.state := COALESCE((SELECT r.status FROM report r WHERE r.project_id = NEW.project_id AND r.type = NEW.type
      AND r.period = NEW.period AND r.status IN ${DELIVERED}), 'open');
  END IF;
  RETURN NEW;`;

export class ReportSummaries1796230000000 implements MigrationInterface {
  name = 'ReportSummaries1796230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const counts = ['submitted', 'accepted', 'changes_requested', 'draft'].map((c) => `"${c}" integer NOT NULL`).join(', ');
    if (postgres) {
      await queryRunner.query(
        `CREATE TABLE "project_report_summary" ("project_id" integer NOT NULL, ${counts}, "latest_period" character varying(20),
          "latest_report_id" integer, "overall_status" character varying(20), "milestones_total" integer, "milestones_done" integer,
          "milestones_open_dates" text, "indicators_measured" integer, "indicator_attainment" double precision,
          CONSTRAINT "PK_project_report_summary" PRIMARY KEY ("project_id"),
          CONSTRAINT "FK_project_report_summary_project" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
      );
      // Two transactions changing one project's reports at once: each would count its own snapshot's rows and the
      // later write would drop the other's report. So the summary row (made first if missing) is locked before the
      // count, which then runs as a statement of its own, with a snapshot that sees what the other committed.
      await queryRunner.query(
        `CREATE FUNCTION report_summary_refresh(project integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
          INSERT INTO project_report_summary (project_id, submitted, accepted, changes_requested, draft)
            SELECT p.id, 0, 0, 0, 0 FROM project p WHERE p.id = $1 ON CONFLICT (project_id) DO NOTHING;
          PERFORM 1 FROM project_report_summary WHERE project_id = $1 FOR UPDATE;
          INSERT INTO project_report_summary ${SUMMARY_COLUMNS} ${SUMMARY('p.id = $1')}
          ON CONFLICT (project_id) DO UPDATE SET ${SUMMARY_COLUMNS.slice(1, -1)
            .split(', ')
            .slice(1)
            .map((c) => `${c} = EXCLUDED.${c}`)
            .join(', ')};
        END $$`,
      );
      await queryRunner.query(`CREATE FUNCTION report_summary_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${PG_REPORT} END $$`);
      await queryRunner.query(
        `CREATE TRIGGER report_summary_report AFTER INSERT OR DELETE OR UPDATE OF ${WATCHED} ON "report"
          FOR EACH ROW EXECUTE FUNCTION report_summary_report()`,
      );
      await queryRunner.query(`CREATE FUNCTION obligation_state() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${PG_OBLIGATION} END $$`);
      await queryRunner.query(
        `CREATE TRIGGER obligation_state BEFORE INSERT OR UPDATE OF state, project_id, type, period ON "reporting_obligation"
          FOR EACH ROW EXECUTE FUNCTION obligation_state()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TABLE "project_report_summary" ("project_id" integer PRIMARY KEY NOT NULL, ${counts}, "latest_period" varchar(20),
          "latest_report_id" integer, "overall_status" varchar(20), "milestones_total" integer, "milestones_done" integer,
          "milestones_open_dates" text, "indicators_measured" integer, "indicator_attainment" double precision,
          CONSTRAINT "FK_project_report_summary_project" FOREIGN KEY ("project_id") REFERENCES "project" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
      );
      for (const [name, event, body] of SQLITE_TRIGGERS) await queryRunner.query(`CREATE TRIGGER ${name} ${event} BEGIN ${body} END`);
    }
    // The backfill: every project's summary, and the obligations' states by the rule above.
    await queryRunner.query(`INSERT INTO project_report_summary ${SUMMARY_COLUMNS} ${SUMMARY('1 = 1')}`);
    await queryRunner.query(
      `UPDATE reporting_obligation AS o SET state = COALESCE(${deliveredStatus('o')}, 'open')
       WHERE o.state <> 'waived' AND o.state <> COALESCE(${deliveredStatus('o')}, 'open')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER obligation_state ON "reporting_obligation"`);
      await queryRunner.query(`DROP FUNCTION obligation_state()`);
      await queryRunner.query(`DROP TRIGGER report_summary_report ON "report"`);
      await queryRunner.query(`DROP FUNCTION report_summary_report()`);
      await queryRunner.query(`DROP FUNCTION report_summary_refresh(integer)`);
    } else {
      for (const [name] of SQLITE_TRIGGERS) await queryRunner.query(`DROP TRIGGER ${name}`);
    }
    await queryRunner.query(`DROP TABLE "project_report_summary"`);
  }
}
