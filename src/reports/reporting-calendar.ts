import { addMonths, lastDayOfMonth } from '../common/dates';
import type { ReportingCadence } from '../config/app-config';
import type { ProjectPhase } from '../projects/project.entity';
import type { ReportType } from './report.entity';

/*
 * The periods and due dates of reporting (planObligations in obligation-plan.ts turns them into the rows a
 * project owes: the one home of the calendar). Pure functions of dates and the
 * configured cadence, so they are tested without a database or a clock.
 *
 * Periodic progress reports are a local practice, not a programme rule (no
 * fixed cadence is documented, mpsc-facts.md §7), hence the configurable
 * cadence. Proof-of-use reports (Verwendungsnachweis) follow the programme:
 * phase A at the latest 30 months after its Förderzusage, phase B at the
 * latest 5 years 6 months (66 months) after the B-Zusage.
 */

interface CadenceRule {
  /** Months per period. */
  months: number;
  /** Periods per year. */
  perYear: number;
  pattern: RegExp;
  label: (year: number, n: number) => string;
}

const CADENCES: Record<ReportingCadence, CadenceRule> = {
  half_yearly: { months: 6, perYear: 2, pattern: /^(\d{4})-H([12])$/, label: (y, n) => `${y}-H${n}` },
  quarterly: { months: 3, perYear: 4, pattern: /^(\d{4})-Q([1-4])$/, label: (y, n) => `${y}-Q${n}` },
  yearly: { months: 12, perYear: 1, pattern: /^(\d{4})()$/, label: (y) => `${y}` },
};

/** Periods outside these years are typing mistakes, not reports (the programme started in 2019). */
export const FIRST_REPORT_YEAR = 2000;
export const LAST_REPORT_YEAR = 2099;

export const PROOF_OF_USE: Record<Exclude<ReportType, 'progress'>, { phase: ProjectPhase; period: string; monthsAfterAward: number }> = {
  proof_of_use_a: { phase: 'A', period: 'A', monthsAfterAward: 30 },
  proof_of_use_b: { phase: 'B', period: 'B', monthsAfterAward: 66 },
};

export const isProofOfUse = (type: ReportType): type is keyof typeof PROOF_OF_USE => type !== 'progress';

export interface Period {
  key: string;
  /** Sequential number of the period, comparable within one cadence. */
  index: number;
  start: string;
  end: string;
}

function fromIndex(index: number, cadence: ReportingCadence): Period {
  const rule = CADENCES[cadence];
  const year = Math.floor(index / rule.perYear);
  const n = (index % rule.perYear) + 1;
  const startMonth = (n - 1) * rule.months + 1;
  const endMonth = startMonth + rule.months - 1;
  return {
    key: rule.label(year, n),
    index,
    start: `${year}-${String(startMonth).padStart(2, '0')}-01`,
    end: lastDayOfMonth(year, endMonth),
  };
}

/** The period a key names under this cadence (`2025-H1`, `2025-Q3`, `2025`), or null if it names none. */
export function parsePeriod(key: string, cadence: ReportingCadence): Period | null {
  const match = CADENCES[cadence].pattern.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < FIRST_REPORT_YEAR || year > LAST_REPORT_YEAR) return null;
  const n = match[2] ? Number(match[2]) : 1;
  return fromIndex(year * CADENCES[cadence].perYear + n - 1, cadence);
}

/** The period a calendar date (YYYY-MM-DD) falls in. */
export function periodContaining(date: string, cadence: ReportingCadence): Period {
  const [year, month] = date.split('-').map(Number);
  const rule = CADENCES[cadence];
  return fromIndex(year * rule.perYear + Math.floor((month - 1) / rule.months), cadence);
}

/** Every period from `from` to `to`, both included; empty when `from` is later. */
export function periodsBetween(from: Period, to: Period, cadence: ReportingCadence): Period[] {
  const periods: Period[] = [];
  for (let i = from.index; i <= to.index; i++) periods.push(fromIndex(i, cadence));
  return periods;
}

/** Last day of the month that lies `dueMonthsAfterPeriod` months after the period's last month (H1 with 1 → 31 July). */
export function periodDueDate(period: Period, dueMonthsAfterPeriod: number): string {
  const [year, month] = addMonths(period.end.slice(0, 8) + '01', dueMonthsAfterPeriod)
    .split('-')
    .map(Number);
  return lastDayOfMonth(year, month);
}

/** Due date of a proof-of-use report: months after the phase's award date, clamped to the month's end (2021-08-31 + 30 → 2024-02-29). */
export function proofOfUseDueDate(type: keyof typeof PROOF_OF_USE, awardDate: string): string {
  return addMonths(awardDate, PROOF_OF_USE[type].monthsAfterAward);
}

/** Why a period is not valid for a report type under this cadence; null when it is. */
export function periodProblem(type: ReportType, period: string, cadence: ReportingCadence): string | null {
  if (isProofOfUse(type)) {
    const expected = PROOF_OF_USE[type].period;
    return period === expected ? null : `period of a ${type} report must be "${expected}"`;
  }
  if (parsePeriod(period, cadence)) return null;
  const example = { half_yearly: '2025-H1', quarterly: '2025-Q3', yearly: '2025' }[cadence];
  return `period must name a ${cadence.replace('_', '-')} period like "${example}" (years ${FIRST_REPORT_YEAR}-${LAST_REPORT_YEAR})`;
}

export interface ReportingPlan {
  cadence: ReportingCadence;
  dueMonthsAfterPeriod: number;
}
