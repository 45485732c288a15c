import { sqlRows } from '../database/sql-rows';
import { datesBefore, progressFiguresOf } from '../reports/report-progress-figures';
import type { ReportingPlan } from '../reports/reporting-calendar';
import { progressFigures, progressGroups, type ProjectProgressFigures } from './progress-figures';
import type { Health } from './project-health';
import { projectHealth, wholeMonthsBetween } from './project-health';
import type { ProgressRollupContent, ProjectHealthEntry } from './rollup-content';
import { int } from './rollup-content';
import { emptyLedger, ledgerByProject, type ProjectLedger, type RollupProject, rollupProjects } from './rollup-per-project';
import { isPostgres } from './rollup-sql';
import type { RollupSource } from './rollup-source';
import { dimensionGroups, STATE_NOTE } from './rollup-source';

/*
 * Per project, one pass over each table in project_id order (see rollup-per-project); the groups are
 * summed from these figures in JavaScript.
 *
 * OBLIGATIONS: the reports owed up to today are the reporting obligations (rows kept by
 * ObligationsService, due dates on working days) due by the as-of date and not waived. One past its
 * due date is overdue unless a report for it was delivered, which its state says: the database keeps
 * it submitted/accepted while such a report is there (migration ReportSummaries1796230000000), on every
 * write path. One statement, read from IDX_reporting_obligation_due (project_id, state, due_date, …)
 * without a table row: [project_id, due, overdue, overdue days, most days overdue].
 */
const daysLate = (postgres: boolean) =>
  postgres ? 'CAST(:today AS date) - o.due_date' : 'CAST(julianday(:today) - julianday(o.due_date) AS INTEGER)';

const OBLIGATIONS = (postgres: boolean) => `
  SELECT x.project_id, COUNT(*) AS due, COUNT(x.days_late) AS overdue,
         COALESCE(SUM(x.days_late), 0) AS overdue_days, COALESCE(MAX(x.days_late), 0) AS overdue_max
  FROM (SELECT o.project_id, CASE WHEN o.state = 'open' AND o.due_date < :today THEN ${daysLate(postgres)} END AS days_late
        FROM reporting_obligation o WHERE o.state <> 'waived' AND o.due_date <= :today) x
  GROUP BY x.project_id ORDER BY x.project_id`;

/*
 * REPORTS: each project's reports by status, and its latest delivered progress report (highest period among
 * submitted/accepted ones) with that report's overall status and progress figures, as project_report_summary holds
 * them (kept by the database's triggers, migration ReportSummaries1796230000000): one row per project, no report read.
 * The latest report supplies overallStatus, milestones and indicators: earlier reports repeat the same milestones, so
 * only the latest counts. A report without stored figures (its parts written past ReportStore) has them read from its
 * parts by the same subqueries (report-progress-figures), which only such a row evaluates.
 */
const LATEST_FIGURES = progressFiguresOf('s.latest_report_id');
const stored = (column: keyof typeof LATEST_FIGURES) => `COALESCE(s.${column}, ${LATEST_FIGURES[column]}) AS ${column}`;

const REPORTS = `
  SELECT s.project_id, s.submitted, s.accepted, s.changes_requested, s.draft, s.latest_period, s.overall_status,
         ${stored('milestones_total')}, ${stored('milestones_done')},
         ${stored('milestones_open_dates')}, ${stored('indicators_measured')},
         CASE WHEN s.indicators_measured IS NULL THEN ${LATEST_FIGURES.indicator_attainment} ELSE s.indicator_attainment END AS attainment
  FROM project_report_summary s ORDER BY s.project_id`;

/** A row as its column values, in the statement's order (sqlRows); the first is the project id. */
type Row = unknown[];
/** The columns of the obligations' and the reports' rows (0: the project id). */
const [DUE_COUNT, OVERDUE_COUNT, OVERDUE_DAYS, OVERDUE_MAX] = [1, 2, 3, 4];
const [SUBMITTED, ACCEPTED, CHANGES_REQUESTED, DRAFT, LATEST_PERIOD, OVERALL_STATUS] = [1, 2, 3, 4, 5, 6];
const [MILESTONES, MILESTONES_DONE, OPEN_DATES, MEASURED, ATTAINMENT] = [7, 8, 9, 10, 11];
const NO_ROW: Row = [];

const HEALTH_ORDER: Record<Health, number> = { red: 0, amber: 1, green: 2 };
/** One collator for the sort: localeCompare(…, 'de') builds one per comparison (≈ 1 s for 100 000 projects). */
const BY_NAME_DE = new Intl.Collator('de');

/** The rows of a per-project statement by project id. */
async function byProject(source: RollupSource, text: string, parameters: Record<string, unknown>): Promise<Map<number, Row>> {
  const rows = await sqlRows(source.manager, text, parameters);
  return new Map(rows.map((row) => [int(row[0]), row]));
}

/** Each project's obligations row: [project_id, due, overdue, overdue days, most days overdue]. */
function obligationsByProject(source: RollupSource, parameters: Record<string, unknown>): Promise<Map<number, Row>> {
  return byProject(source, OBLIGATIONS(isPostgres(source.manager)), parameters);
}

/**
 * Whole months since a date, for many projects on one as-of date: projects share their last disbursement's
 * date often enough that each date is worked out once.
 */
function monthsSince(today: string): (since: string) => number {
  const known = new Map<string, number>();
  return (since) => {
    let months = known.get(since);
    if (months === undefined) known.set(since, (months = wholeMonthsBetween(since, today)));
    return months;
  };
}

/** Each project's progress figures and its health (judged by those figures and its ledger); a missing row reads as zeros. */
function projectProgress(
  project: RollupProject,
  [obligations, reports]: [Row, Row],
  ledger: ProjectLedger,
  today: string,
  monthsTo: (since: string) => number,
) {
  const since = ledger.lastDisbursement ?? ledger.firstCommitment;
  const monthsWithoutDisbursement = ledger.committed > ledger.disbursed && since ? monthsTo(since) : null;
  const overallStatus = (reports[OVERALL_STATUS] as string | null | undefined) ?? null;
  const latestPeriod = (reports[LATEST_PERIOD] as string | null | undefined) ?? null;
  const milestonesLate = datesBefore(reports[OPEN_DATES] as string | null | undefined, today);
  const overdue = int(obligations[OVERDUE_COUNT]);
  const overdueMax = int(obligations[OVERDUE_MAX]);
  const { health, reasons } = projectHealth({
    reportsOverdue: overdue,
    overdueDaysMax: overdueMax,
    overallStatus,
    latestPeriod,
    milestonesLate,
    monthsWithoutDisbursement,
  });
  const figures: ProjectProgressFigures = {
    due: int(obligations[DUE_COUNT]),
    overdue,
    overdueDays: int(obligations[OVERDUE_DAYS]),
    overdueMax,
    submitted: int(reports[SUBMITTED]),
    accepted: int(reports[ACCEPTED]),
    changesRequested: int(reports[CHANGES_REQUESTED]),
    draft: int(reports[DRAFT]),
    milestones: int(reports[MILESTONES]),
    milestonesDone: int(reports[MILESTONES_DONE]),
    milestonesLate,
    indicatorsMeasured: int(reports[MEASURED]),
    attainment: Number(reports[ATTAINMENT] ?? 0),
    overallStatus,
    health,
  };
  const entry: ProjectHealthEntry = {
    projectId: project.id,
    slug: project.slug,
    name: project.name,
    round: project.round,
    category: project.category,
    states: project.states,
    health,
    reasons,
    latestPeriod,
    overallStatus,
    reportsOverdue: overdue,
    milestonesLate,
    monthsWithoutDisbursement,
  };
  return { figures, entry };
}

/**
 * The project ids in the database's order of names (binary, from the name index). German collation departs
 * from it only here and there (case, umlauts, punctuation), so entries put in this order first are nearly sorted.
 */
async function idsByName(source: RollupSource): Promise<number[]> {
  // Every programme's projects: the name index alone answers that (the other programmes' are left out by the caller).
  const rows = await sqlRows(source.manager, 'SELECT p.id FROM project p ORDER BY p.name', {});
  return rows.map(([id]) => int(id));
}

/**
 * Red, amber, green; within each by name (German collation), then by project id: a total order, so the result does
 * not depend on the order the entries come in. They come grouped by health, each group in the database's order of
 * names (idsByName): the sort then finds long runs already in order and compares about once per entry (100 000
 * projects: ≈ 0.2 s instead of ≈ 0.4 s from id order).
 */
function sortByHealthAndName(entries: ProjectHealthEntry[], nameOrder: readonly number[]): ProjectHealthEntry[] {
  const byId = new Map(entries.map((entry) => [entry.projectId, entry]));
  const ordered: ProjectHealthEntry[] = [];
  for (const id of nameOrder) {
    const entry = byId.get(id);
    if (entry) ordered.push(entry);
  }
  const groups: ProjectHealthEntry[][] = [[], [], []];
  // In one snapshot every entry is among nameOrder; were one missing, the entries' own order still sorts right.
  for (const entry of ordered.length === entries.length ? ordered : entries) groups[HEALTH_ORDER[entry.health]].push(entry);
  for (const group of groups) group.sort((a, b) => BY_NAME_DE.compare(a.name, b.name) || a.projectId - b.projectId);
  return groups.flat();
}

export async function progressRollup(source: RollupSource, plan: ReportingPlan): Promise<ProgressRollupContent> {
  const { manager, programme, today } = source;
  const parameters = { today };

  const projects = await rollupProjects(source);
  const obligations = await obligationsByProject(source, parameters);
  const reports = await byProject(source, REPORTS, parameters);
  const ledger = await ledgerByProject(manager, today);
  const nameOrder = await idsByName(source);
  const monthsTo = monthsSince(today);
  const progress = projects.map((p) =>
    projectProgress(p, [obligations.get(p.id) ?? NO_ROW, reports.get(p.id) ?? NO_ROW], ledger.get(p.id) ?? emptyLedger(), today, monthsTo),
  );
  const byGroup = progressGroups(
    projects,
    progress.map((p) => p.figures),
  );

  return {
    kind: 'progress',
    asOf: { dataAsOf: source.dataAsOf.toISOString(), date: today },
    programme: { code: programme.code, name: programme.name, budgetCents: programme.budgetCents },
    reporting: { cadence: plan.cadence, dueMonthsAfterPeriod: plan.dueMonthsAfterPeriod },
    totals: byGroup.get('total')?.get('') ?? progressFigures(undefined),
    groups: dimensionGroups(source, byGroup, () => progressFigures(undefined)),
    notes: { state: STATE_NOTE, multiLandProjectCount: source.multiLandProjectCount },
    projects: sortByHealthAndName(
      progress.map((p) => p.entry),
      nameOrder,
    ),
  };
}
