import { addMonths } from '../common/dates';

/*
 * A project's health in a progress roll-up: green, amber or red, with the
 * reasons that made it so. A pure function of per-project figures the roll-up
 * has already aggregated, so the rules are tested without a database and read
 * in one place (README "Roll-ups" repeats them).
 */

export const HEALTHS = ['green', 'amber', 'red'] as const;
export type Health = (typeof HEALTHS)[number];

export const HEALTH_RULES = {
  /** Overdue reports: one is amber, this many is red. */
  redOverdueReports: 2,
  /** A single overdue report turns red after this many days. */
  redOverdueDays: 90,
  /** Late milestones: one is amber, this many is red. */
  redLateMilestones: 3,
  /** Months without a disbursement while committed money is undrawn: amber from, red from. */
  amberIdleMonths: 12,
  redIdleMonths: 18,
} as const;

export interface ProjectHealthInput {
  reportsOverdue: number;
  overdueDaysMax: number;
  /** overallStatus of the latest delivered progress report, and its period. */
  overallStatus: string | null;
  latestPeriod: string | null;
  milestonesLate: number;
  /** Whole months since the last disbursement (or, with none, since the first commitment); null when nothing is left to draw. */
  monthsWithoutDisbursement: number | null;
}

export interface ProjectHealth {
  health: Health;
  reasons: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function projectHealth(input: ProjectHealthInput): ProjectHealth {
  const red: string[] = [];
  const amber: string[] = [];

  if (input.reportsOverdue > 0) {
    const text = `${plural(input.reportsOverdue, 'report', 'reports')} overdue (up to ${plural(input.overdueDaysMax, 'day', 'days')} late)`;
    (input.reportsOverdue >= HEALTH_RULES.redOverdueReports || input.overdueDaysMax > HEALTH_RULES.redOverdueDays ? red : amber).push(text);
  }
  if (input.overallStatus === 'off_track') red.push(`off_track in ${input.latestPeriod}`);
  if (input.overallStatus === 'at_risk') amber.push(`at_risk in ${input.latestPeriod}`);
  if (input.milestonesLate > 0) {
    (input.milestonesLate >= HEALTH_RULES.redLateMilestones ? red : amber).push(
      `${plural(input.milestonesLate, 'milestone', 'milestones')} late`,
    );
  }
  const idle = input.monthsWithoutDisbursement;
  if (idle !== null && idle >= HEALTH_RULES.amberIdleMonths) {
    (idle >= HEALTH_RULES.redIdleMonths ? red : amber).push(`no disbursement in ${idle} months`);
  }

  return { health: red.length ? 'red' : amber.length ? 'amber' : 'green', reasons: [...red, ...amber] };
}

/** Whole months from `from` to `to` (YYYY-MM-DD): the largest n with addMonths(from, n) ≤ to, so 2024-01-31 → 2024-02-29 is 1, as in the calendar. */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  let months = (ty - fy) * 12 + (tm - fm);
  if (addMonths(from, months) > to) months--;
  return Math.max(0, months);
}
