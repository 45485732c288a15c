import type { EntityManager } from 'typeorm';

/*
 * A report's progress figures, as the progress roll-up reads them for a project's latest delivered report: its
 * milestones (how many, how many done, the planned dates of the open ones) and its indicators (how many measured,
 * the sum of actual/target). They are stored on the report row when its milestones or indicators are written
 * (ReportStore.replaceParts, the synthetic generator), so the roll-up reads five columns instead of the parts.
 * "Late" depends on the as-of date, so the open milestones' planned dates are stored (ascending, space-separated,
 * '' for none), not a count. Each expression is a subquery on the report whose id it is given (the one aliased `r`
 * in PROGRESS_FIGURES); the roll-up runs the same ones for a report without stored figures. The attainment is summed
 * by the database, as the roll-up did, so a stored sum is the very float it would compute.
 */
/** The figures' expressions for the report whose id `reportId` names (a column of the statement they are part of). */
export const progressFiguresOf = (reportId: string) => {
  const measured = `i.report_id = ${reportId} AND i.target <> 0 AND i.actual IS NOT NULL`;
  return {
    milestones_total: `(SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = ${reportId})`,
    milestones_done: `(SELECT COUNT(*) FROM report_milestone m WHERE m.report_id = ${reportId} AND m.status = 'done')`,
    milestones_open_dates: `(SELECT COALESCE(string_agg(CAST(m.planned_date AS TEXT), ' ' ORDER BY m.planned_date), '')
     FROM report_milestone m WHERE m.report_id = ${reportId} AND m.status NOT IN ('done', 'cancelled'))`,
    indicators_measured: `(SELECT COUNT(*) FROM report_indicator i WHERE ${measured})`,
    indicator_attainment: `(SELECT SUM(i.actual / i.target) FROM report_indicator i WHERE ${measured})`,
  } as const;
};

/** The figures of the report aliased `r`. */
export const PROGRESS_FIGURES = progressFiguresOf('r.id');

/** How many of the stored open planned dates ('YYYY-MM-DD …', ascending) fall before `today`: the late milestones. */
export function datesBefore(dates: string | null | undefined, today: string): number {
  if (!dates) return 0;
  let late = 0;
  for (let at = 0; at < dates.length && dates.slice(at, at + 10) < today; at += 11) late++;
  return late;
}

/** Stores the progress figures of these reports from their milestone and indicator rows. */
export async function storeProgressFigures(manager: EntityManager, reportIds: readonly number[]): Promise<void> {
  const columns = Object.entries(PROGRESS_FIGURES).map(([column, expression]) => `${column} = ${expression}`);
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = reportIds.slice(i, i + 500).map((id) => Math.trunc(id));
    // The subqueries name the report `r`; an UPDATE's target takes that alias on both databases.
    await manager.query(`UPDATE report AS r SET ${columns.join(', ')} WHERE r.id IN (${ids.join(', ')})`);
  }
}
