import { DELIVERED_REPORT_STATUSES } from '../reports/report.entity';
import type { ReportingPlan } from '../reports/reporting-calendar';
import { progressFigures, progressGroups, type ProjectProgressFigures } from './progress-figures';
import type { Health } from './project-health';
import { projectHealth, wholeMonthsBetween } from './project-health';
import type { ProgressRollupContent, ProjectHealthEntry } from './rollup-content';
import { int } from './rollup-content';
import { emptyLedger, ledgerByProject, type ProjectLedger, type RollupProject, rollupProjects } from './rollup-per-project';
import { isPostgres, sql } from './rollup-sql';
import type { RollupSource } from './rollup-source';
import { dimensionGroups, STATE_NOTE } from './rollup-source';

/*
 * Per project, one pass over each table in project_id order (see rollup-per-project); the groups are
 * summed from these figures in JavaScript.
 *
 * OBLIGATIONS: the reports owed up to today are the reporting obligations (rows kept by
 * ObligationsService, due dates on working days) due by the as-of date and not waived. One past its
 * due date is overdue unless a report for it was delivered: the obligation's state says so when the
 * workflow recorded the delivery (submitted/accepted); an open one is checked against the reports.
 */
const OBLIGATIONS = (postgres: boolean) => `
  SELECT x.project_id, COUNT(*) AS due, COUNT(x.days_late) AS overdue,
         COALESCE(SUM(x.days_late), 0) AS overdue_days, COALESCE(MAX(x.days_late), 0) AS overdue_max
  FROM (SELECT o.project_id,
               CASE WHEN o.state = 'open' AND o.due_date < :today AND dr.id IS NULL
                    THEN ${postgres ? 'CAST(:today AS date) - o.due_date' : 'CAST(julianday(:today) - julianday(o.due_date) AS INTEGER)'} END AS days_late
        FROM reporting_obligation o
        LEFT JOIN report dr ON o.state = 'open' AND o.due_date < :today AND dr.project_id = o.project_id AND dr.type = o.type
                           AND dr.period = o.period AND dr.status IN (:...delivered)
        WHERE o.state <> 'waived' AND o.due_date <= :today) x
  GROUP BY x.project_id ORDER BY x.project_id`;

/*
 * REPORTS: report rows by status, and the latest delivered progress report (highest period among
 * submitted/accepted ones), which supplies overallStatus, milestones and indicators: earlier reports
 * repeat the same milestones, so only the latest counts. Its parts are found through their report_id
 * index, one report per project.
 */
const latestParts = `
  (SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = l.id) AS milestones,
  (SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = l.id AND m.status = 'done') AS milestones_done,
  (SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = l.id AND m.status NOT IN ('done', 'cancelled') AND m.planned_date < :today) AS milestones_late,
  (SELECT COUNT(*) FROM report_indicator i WHERE i.report_id = l.id AND i.target <> 0 AND i.actual IS NOT NULL) AS indicators_measured,
  (SELECT SUM(i.actual / i.target) FROM report_indicator i WHERE i.report_id = l.id AND i.target <> 0 AND i.actual IS NOT NULL) AS attainment`;

const REPORTS = `
  WITH rc AS MATERIALIZED (
    SELECT r.project_id,
           SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END) AS submitted,
           SUM(CASE WHEN r.status = 'accepted' THEN 1 ELSE 0 END) AS accepted,
           SUM(CASE WHEN r.status = 'changes_requested' THEN 1 ELSE 0 END) AS changes_requested,
           SUM(CASE WHEN r.status = 'draft' THEN 1 ELSE 0 END) AS draft,
           MAX(CASE WHEN r.type = 'progress' AND r.status IN (:...delivered) THEN r.period END) AS latest_period
    FROM report r GROUP BY r.project_id)
  SELECT rc.*, l.overall_status, ${latestParts}
  FROM rc LEFT JOIN report l ON l.project_id = rc.project_id AND l.type = 'progress' AND l.period = rc.latest_period`;

type Row = Record<string, unknown>;

const HEALTH_ORDER: Record<Health, number> = { red: 0, amber: 1, green: 2 };
/** One collator for the sort: localeCompare(…, 'de') builds one per comparison (≈ 1 s for 100 000 projects). */
const BY_NAME_DE = new Intl.Collator('de');

/** The rows of a per-project statement by project id. */
async function byProject(source: RollupSource, text: string, parameters: Record<string, unknown>): Promise<Map<number, Row>> {
  const rows = await sql<Row>(source.manager, text, parameters);
  return new Map(rows.map((row) => [int(row.project_id), row]));
}

/** Each project's progress figures and its health (judged by those figures and its ledger). */
function projectProgress(
  project: RollupProject,
  obligations: Row | undefined,
  reports: Row | undefined,
  ledger: ProjectLedger,
  today: string,
) {
  const since = ledger.lastDisbursement ?? ledger.firstCommitment;
  const monthsWithoutDisbursement = ledger.committed > ledger.disbursed && since ? wholeMonthsBetween(since, today) : null;
  const overallStatus = (reports?.overall_status as string | null | undefined) ?? null;
  const latestPeriod = (reports?.latest_period as string | null | undefined) ?? null;
  const figures: ProjectProgressFigures = {
    due: int(obligations?.due),
    overdue: int(obligations?.overdue),
    overdueDays: int(obligations?.overdue_days),
    overdueMax: int(obligations?.overdue_max),
    submitted: int(reports?.submitted),
    accepted: int(reports?.accepted),
    changesRequested: int(reports?.changes_requested),
    draft: int(reports?.draft),
    milestones: int(reports?.milestones),
    milestonesDone: int(reports?.milestones_done),
    milestonesLate: int(reports?.milestones_late),
    indicatorsMeasured: int(reports?.indicators_measured),
    attainment: Number(reports?.attainment ?? 0),
    overallStatus,
  };
  const input = {
    reportsOverdue: figures.overdue,
    overdueDaysMax: figures.overdueMax,
    overallStatus,
    latestPeriod,
    milestonesLate: figures.milestonesLate,
    monthsWithoutDisbursement,
  };
  const entry: ProjectHealthEntry = {
    projectId: project.id,
    slug: project.slug,
    name: project.name,
    round: project.round,
    category: project.category,
    states: project.states,
    ...projectHealth(input),
    latestPeriod,
    overallStatus,
    reportsOverdue: figures.overdue,
    milestonesLate: figures.milestonesLate,
    monthsWithoutDisbursement,
  };
  return { figures: { ...figures, health: entry.health }, entry };
}

export async function progressRollup(source: RollupSource, plan: ReportingPlan): Promise<ProgressRollupContent> {
  const { manager, programme, today } = source;
  const parameters = { today, delivered: DELIVERED_REPORT_STATUSES };

  const projects = await rollupProjects(source);
  const obligations = await byProject(source, OBLIGATIONS(isPostgres(manager)), parameters);
  const reports = await byProject(source, REPORTS, parameters);
  const ledger = await ledgerByProject(manager, today);
  const progress = projects.map((p) =>
    projectProgress(p, obligations.get(p.id), reports.get(p.id), ledger.get(p.id) ?? emptyLedger(), today),
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
    projects: progress
      .map((p) => p.entry)
      .sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || BY_NAME_DE.compare(a.name, b.name) || a.projectId - b.projectId),
  };
}
