import { execFileSync } from 'node:child_process';
import { DataSource, type EntityManager } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { standardAccounts } from './support/accounts';
import { concurrently } from './support/concurrent';
import { aroundMigration, seededBefore } from './support/previous-schema';
import { addCommitment, draft, projectBySlug, review, submit } from './support/reports';
import { insertReport, type ReportSeed } from './support/rollups';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestApp, createTestDatabase, usingPostgres } from './support/test-app';

/**
 * What the progress roll-up reads instead of the reports (migration ReportSummaries1796230000000): each project's
 * reports by status with the period of its latest delivered progress report (project_report_summary), and each
 * obligation's state following its report (submitted/accepted while such a report is there, open otherwise, waived
 * left alone). The database keeps both, so they must hold after the migration carries older rows over and after
 * any write: the workflow's routes, inserts past it, plain SQL that moves or deletes a report or resets a state; also
 * when one transaction inserts an obligation while another delivers or moves its report (PostgreSQL: both take the
 * project's summary row first, migration ObligationStateLock1796260000000).
 */

type Summary = [
  projectId: number,
  submitted: number,
  accepted: number,
  changesRequested: number,
  draft: number,
  latest: [period: string, reportId: number, overallStatus: string | null, figures: string] | null,
];

const FIGURES = ['milestones_total', 'milestones_done', 'milestones_open_dates', 'indicators_measured', 'indicator_attainment'];
const figures = (row: Record<string, unknown>) => JSON.stringify(FIGURES.map((c) => (row[c] === null ? null : String(row[c]))));

/** The summaries as stored, for projects with reports (a stored row of zeros counts as none). */
async function stored(dataSource: DataSource): Promise<Summary[]> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT * FROM project_report_summary WHERE submitted + accepted + changes_requested + draft > 0 ORDER BY project_id`,
  );
  return rows.map((r) => [
    Number(r.project_id),
    Number(r.submitted),
    Number(r.accepted),
    Number(r.changes_requested),
    Number(r.draft),
    r.latest_period === null
      ? null
      : [String(r.latest_period), Number(r.latest_report_id), (r.overall_status as string | null) ?? null, figures(r)],
  ]);
}

/** The summaries as the reports give them, worked out here from the rows. */
async function fromReports(dataSource: DataSource): Promise<Summary[]> {
  const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM report ORDER BY id`);
  const by = new Map<number, Summary>();
  for (const r of rows) {
    const id = Number(r.project_id);
    const s = by.get(id) ?? [id, 0, 0, 0, 0, null];
    const column = { submitted: 1, accepted: 2, changes_requested: 3, draft: 4 }[r.status as string] as 1 | 2 | 3 | 4;
    s[column] += 1;
    const period = String(r.period);
    if (r.type === 'progress' && (r.status === 'submitted' || r.status === 'accepted') && (s[5] === null || period > s[5][0])) {
      s[5] = [period, Number(r.id), (r.overall_status as string | null) ?? null, figures(r)];
    }
    by.set(id, s);
  }
  return [...by.values()].sort((a, b) => a[0] - b[0]);
}

/** Obligations whose state is not what their report says: [id, state, the report's status]. */
async function statesOutOfStep(dataSource: DataSource): Promise<unknown[]> {
  return dataSource.query(
    `SELECT o.id, o.state, r.status FROM reporting_obligation o
     LEFT JOIN report r ON r.project_id = o.project_id AND r.type = o.type AND r.period = o.period
     WHERE o.state <> 'waived'
       AND o.state <> CASE WHEN r.status IN ('submitted', 'accepted') THEN r.status ELSE 'open' END`,
  );
}

async function stateOf(dataSource: DataSource, projectId: number, period: string): Promise<string> {
  const [row] = await dataSource.query(
    `SELECT state FROM reporting_obligation WHERE project_id = ${projectId} AND type = 'progress' AND period = '${period}'`,
  );
  return row.state as string;
}

/** An open progress obligation; `db` is a data source or a transaction's manager. */
function insertObligation(db: Pick<EntityManager, 'query'>, projectId: number, period: string, state = 'open'): Promise<unknown> {
  return db.query(
    `INSERT INTO reporting_obligation (project_id, type, period, legal_due_date, due_date, state)
     VALUES (${projectId}, 'progress', '${period}', '2024-01-31', '2024-01-31', '${state}')`,
  );
}

/** A progress report inserted by plain SQL, past the workflow. */
function insertReportRow(db: Pick<EntityManager, 'query'>, projectId: number, period: string, status: string): Promise<unknown> {
  return db.query(
    `INSERT INTO report (project_id, type, period, status, version, due_date) VALUES (${projectId}, 'progress', '${period}', '${status}', 1, '2030-01-31')`,
  );
}

async function expectInStep(dataSource: DataSource): Promise<void> {
  expect(await stored(dataSource)).toEqual(await fromReports(dataSource));
  expect(await statesOutOfStep(dataSource)).toEqual([]);
}

describe('from the schema before the report summaries, with reports and stale obligation states in it', () => {
  let db: TestDatabase;
  let kassel: number;
  let other: number;
  let kasselLatest: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { old, id: one } = await seededBefore(db, 'ReportSummaries');
    kassel = await one(`SELECT id FROM project WHERE slug = 'kassel'`);
    other = await one(`SELECT id FROM project WHERE slug <> 'kassel' ORDER BY id LIMIT 1`);
    const report = (projectId: number, period: string, status: string, type = 'progress') =>
      one(
        `INSERT INTO report (project_id, type, period, status, version, due_date, overall_status, milestones_total, milestones_done,
           milestones_open_dates, indicators_measured, indicator_attainment)
         VALUES (${projectId}, '${type}', '${period}', '${status}', 1, '2030-01-31', 'at_risk', 3, 1, '2024-02-01 2025-03-01', 2, 1.25)
         RETURNING id`,
      );
    const obligation = (projectId: number, period: string, state: string) => insertObligation(old, projectId, period, state);
    // Kassel: an accepted report whose obligation the sync had not seen yet (open), a submitted one that is a draft
    // again (still "submitted"), a waived obligation with a report, and a later accepted final report.
    await report(kassel, '2023-H2', 'accepted');
    await obligation(kassel, '2023-H2', 'open');
    await report(kassel, '2024-H1', 'draft');
    await obligation(kassel, '2024-H1', 'submitted');
    kasselLatest = await report(kassel, '2024-H2', 'submitted');
    await obligation(kassel, '2024-H2', 'waived');
    await obligation(kassel, '2025-H1', 'open');
    await report(kassel, '2026', 'accepted', 'final');
    await report(other, '2024-H1', 'changes_requested');
    await report(other, '2023-H1', 'submitted');
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('writes every project’s summary from its reports and brings each obligation’s state in line with its report', async () => {
    const options = buildDataSourceOptions(db.config);
    const dataSource = new DataSource({ ...options, migrations: MIGRATIONS } as typeof options);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const summaries = new Map((await stored(dataSource)).map((row) => [row[0], row]));
      expect(summaries.size).toBe(2);
      expect(summaries.get(kassel)?.slice(1, 5)).toEqual([1, 2, 0, 1]);
      expect(summaries.get(kassel)?.[5]?.slice(0, 3)).toEqual(['2024-H2', kasselLatest, 'at_risk']);
      expect(summaries.get(other)?.slice(1, 5)).toEqual([1, 0, 1, 0]);
      expect(summaries.get(other)?.[5]?.[0]).toBe('2023-H1');
      const [{ n }] = await dataSource.query(`SELECT COUNT(*) AS n FROM project_report_summary`);
      expect(Number(n)).toBe(73);
      expect(await stateOf(dataSource, kassel, '2023-H2')).toBe('accepted');
      expect(await stateOf(dataSource, kassel, '2024-H1')).toBe('open');
      expect(await stateOf(dataSource, kassel, '2024-H2')).toBe('waived');
      expect(await stateOf(dataSource, kassel, '2025-H1')).toBe('open');
      await expectInStep(dataSource);
    } finally {
      await dataSource.destroy();
    }
    if (db.config.type === 'sqlite') {
      // The triggers are schema every SQLite reading the file parses: Debian 12's sqlite3 shell (3.40) must read it too.
      const count = execFileSync('sqlite3', [db.config.path, 'SELECT COUNT(*) FROM project_report_summary']).toString().trim();
      expect(count).toBe('73');
    }
  });
});

describe('the obligation and report functions that lock the summary row (migration ObligationStateLock), undone', () => {
  /** PostgreSQL: the two trigger functions' definitions; SQLite (which the migration leaves alone): the whole schema. */
  const definition = async (dataSource: DataSource) =>
    JSON.stringify(
      usingPostgres
        ? await dataSource.query(
            `SELECT pg_get_functiondef(f::regprocedure) AS def FROM unnest(ARRAY['obligation_state()', 'report_summary_report()']) f`,
          )
        : await dataSource.query(`SELECT type, name, sql FROM sqlite_master ORDER BY name`),
    );

  it('gives back the functions as migration ReportSummaries made them', async () => {
    const lock = MIGRATIONS.findIndex((M) => M.name.startsWith('ObligationStateLock'));
    expect(lock).toBeGreaterThan(MIGRATIONS.findIndex((M) => M.name.startsWith('ReportSummaries')));
    const { before, after, undone } = await aroundMigration('ObligationStateLock', definition);
    expect(after.split('FOR UPDATE').length - 1).toBe(usingPostgres ? 2 : 0);
    expect(undone).toBe(before);
  });
});

type Write = (manager: EntityManager) => Promise<unknown>;

describe('report summaries and obligation states keep in step with every write', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    // Phase B commitments give Kassel and Darmstadt half-yearly progress obligations from 2021 on.
    await addCommitment(t, (await projectBySlug(t, 'kassel')).id, '2021-06-01', 'B');
    await addCommitment(t, (await projectBySlug(t, 'darmstadt')).id, '2021-06-01', 'B');
  });
  afterAll(() => t.close());

  it('follows the workflow’s routes: draft, submit, request changes, submit again, accept', async () => {
    const accounts = await standardAccounts(t);
    const kassel = (await projectBySlug(t, 'kassel')).id;
    const before = (await stored(t.dataSource)).find((s) => s[0] === kassel) ?? [kassel, 0, 0, 0, 0, null];
    const id = (await draft(t, accounts.kassel.auth, kassel, { period: '2025-H2' }).expect(201)).body.id as number;
    await expectInStep(t.dataSource);
    expect((await stored(t.dataSource)).find((s) => s[0] === kassel)?.[4]).toBe(before[4] + 1);
    await submit(t, accounts.kassel.auth, id).expect(200);
    expect(await stateOf(t.dataSource, kassel, '2025-H2')).toBe('submitted');
    await review(t, accounts.officer.auth, id, { decision: 'request_changes', comment: 'Bitte Indikatoren ergänzen.' }).expect(200);
    expect(await stateOf(t.dataSource, kassel, '2025-H2')).toBe('open');
    await expectInStep(t.dataSource);
    await submit(t, accounts.kassel.auth, id).expect(200);
    await review(t, accounts.officer.auth, id, { decision: 'accept', comment: 'Danke.' }).expect(200);
    expect(await stateOf(t.dataSource, kassel, '2025-H2')).toBe('accepted');
    expect((await stored(t.dataSource)).find((s) => s[0] === kassel)?.[5]?.slice(0, 2)).toEqual(['2025-H2', id]);
    await expectInStep(t.dataSource);
  });

  it('follows inserts past the workflow and plain SQL that changes, moves or deletes reports and resets states', async () => {
    const darmstadt = (await projectBySlug(t, 'darmstadt')).id;
    const open: { period: string }[] = await t.dataSource.query(
      `SELECT period FROM reporting_obligation WHERE project_id = ${darmstadt} AND type = 'progress' AND state = 'open' ORDER BY period`,
    );
    expect(open.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = open.map((o) => o.period);

    const accepted = await insertReport(t, { projectId: darmstadt, period: first, status: 'accepted' });
    expect(await stateOf(t.dataSource, darmstadt, first)).toBe('accepted');
    await expectInStep(t.dataSource);

    await t.dataSource.query(`UPDATE report SET status = 'draft' WHERE id = ${accepted}`);
    expect(await stateOf(t.dataSource, darmstadt, first)).toBe('open');
    await t.dataSource.query(`UPDATE report SET status = 'submitted' WHERE id = ${accepted}`);
    expect(await stateOf(t.dataSource, darmstadt, first)).toBe('submitted');
    await expectInStep(t.dataSource);

    // The latest delivered report's overall status and figures, changed in place, are what its summary shows.
    await t.dataSource.query(
      `UPDATE report SET overall_status = 'off_track', milestones_total = 9, milestones_open_dates = '2024-05-31' WHERE id = ${accepted}`,
    );
    expect((await stored(t.dataSource)).find((row) => row[0] === darmstadt)?.[5]?.slice(1, 3)).toEqual([accepted, 'off_track']);
    await expectInStep(t.dataSource);

    // Moved to another period: the old obligation is open again, the new one submitted.
    await t.dataSource.query(`UPDATE report SET period = '${second}' WHERE id = ${accepted}`);
    expect([await stateOf(t.dataSource, darmstadt, first), await stateOf(t.dataSource, darmstadt, second)]).toEqual(['open', 'submitted']);
    await expectInStep(t.dataSource);

    // A state reset by hand is put back; a waived obligation stays waived whatever its report does.
    await t.dataSource.query(`UPDATE reporting_obligation SET state = 'open' WHERE project_id = ${darmstadt} AND period = '${second}'`);
    expect(await stateOf(t.dataSource, darmstadt, second)).toBe('submitted');
    await t.dataSource.query(
      `UPDATE reporting_obligation SET state = 'waived', waived_reason = 'Test' WHERE project_id = ${darmstadt} AND period = '${third}'`,
    );
    await insertReport(t, { projectId: darmstadt, period: third, status: 'accepted' });
    expect(await stateOf(t.dataSource, darmstadt, third)).toBe('waived');

    // An obligation inserted after its report takes the report's state.
    await t.dataSource.query(`DELETE FROM reporting_obligation WHERE project_id = ${darmstadt} AND period = '${second}'`);
    await insertObligation(t.dataSource, darmstadt, second);
    expect(await stateOf(t.dataSource, darmstadt, second)).toBe('submitted');

    await t.dataSource.query(`DELETE FROM report WHERE id = ${accepted}`);
    expect(await stateOf(t.dataSource, darmstadt, second)).toBe('open');
    await expectInStep(t.dataSource);
  });

  it('counts both reports when two transactions add one each to the same project at once', async () => {
    const ulm = (await projectBySlug(t, 'ulm')).id;
    await concurrently(
      t.dataSource,
      (manager) => insertReportRow(manager, ulm, '2022-H1', 'accepted'),
      (manager) => insertReportRow(manager, ulm, '2022-H2', 'accepted'),
    );
    expect((await stored(t.dataSource)).find((row) => row[0] === ulm)?.slice(1, 3)).toEqual([0, 2]);
    await expectInStep(t.dataSource);
  });

  /**
   * An obligation inserted by one transaction while another writes its report, in either order: on PostgreSQL the
   * first keeps its transaction open while the second writes, and both commit (test/support/concurrent.ts).
   */
  const ORDERS: [string, boolean][] = [
    ['the obligation first', true],
    ['the report first', false],
  ];
  const race = (obligationFirst: boolean, obligation: Write, report: Write) =>
    obligationFirst ? concurrently(t.dataSource, obligation, report) : concurrently(t.dataSource, report, obligation);
  /** Kassel's report for `period`, inserted with `status`; its obligation inserted while `change` writes the report; its state. */
  const obligationWhileReportChanges = async (
    obligationFirst: boolean,
    period: string,
    status: ReportSeed['status'],
    change: (report: number) => string,
  ) => {
    const kassel = (await projectBySlug(t, 'kassel')).id;
    const report = await insertReport(t, { projectId: kassel, period, status });
    await race(
      obligationFirst,
      (manager) => insertObligation(manager, kassel, period),
      (manager) => manager.query(change(report)),
    );
    return stateOf(t.dataSource, kassel, period);
  };

  it.each(ORDERS)('an obligation inserted while its draft report is submitted says submitted (%s)', async (_, obligationFirst) => {
    const submit = (report: number) => `UPDATE report SET status = 'submitted' WHERE id = ${report}`;
    expect(await obligationWhileReportChanges(obligationFirst, obligationFirst ? '2019-H1' : '2019-H2', 'draft', submit)).toBe('submitted');
    await expectInStep(t.dataSource);
  });

  it.each(ORDERS)(
    'an obligation inserted while its project’s first report is inserted, already submitted, says submitted (%s)',
    async (_, obligationFirst) => {
      const slug = obligationFirst ? 'erstbericht-a' : 'erstbericht-b';
      await t.dataSource.query(`INSERT INTO project (programme_id, slug, name, motto, round_id, category_code, lead_body_id, grant_cents,
          grant_uncertain, source, phase, status, search_text)
        SELECT programme_id, '${slug}', '${slug}', motto, round_id, category_code, lead_body_id, 1, grant_uncertain, source, phase, status, '${slug}'
        FROM project WHERE slug = 'kassel'`);
      const [{ id }] = await t.dataSource.query(`SELECT id FROM project WHERE slug = '${slug}'`);
      const project = Number(id);
      expect(await t.dataSource.query(`SELECT project_id FROM project_report_summary WHERE project_id = ${project}`)).toEqual([]);
      await race(
        obligationFirst,
        (manager) => insertObligation(manager, project, '2024-H1'),
        (manager) => insertReportRow(manager, project, '2024-H1', 'submitted'),
      );
      expect(await stateOf(t.dataSource, project, '2024-H1')).toBe('submitted');
      await expectInStep(t.dataSource);
    },
  );

  it.each(ORDERS)(
    'an obligation inserted for the period its submitted report moves away from says open (%s)',
    async (_, obligationFirst) => {
      const [from, to] = obligationFirst ? ['2020-H1', '2018-H1'] : ['2020-H2', '2018-H2'];
      const move = (report: number) => `UPDATE report SET period = '${to}' WHERE id = ${report}`;
      expect(await obligationWhileReportChanges(obligationFirst, from, 'submitted', move)).toBe('open');
      await expectInStep(t.dataSource);
    },
  );

  it('lets a project with reports and obligations be deleted', async () => {
    const eichenzell = (await projectBySlug(t, 'eichenzell')).id;
    await insertReport(t, { projectId: eichenzell, period: '2023-H1', status: 'accepted' });
    await insertReport(t, { projectId: eichenzell, period: '2023-H2', status: 'draft' });
    await t.dataSource.query(`DELETE FROM project WHERE id = ${eichenzell}`);
    const left = await t.dataSource.query(`SELECT project_id FROM project_report_summary WHERE project_id = ${eichenzell}`);
    expect(left).toEqual([]);
    await expectInStep(t.dataSource);
  });
});
