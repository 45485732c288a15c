import { createHash } from 'node:crypto';
import type { ReportingCadence } from '../config/app-config';
import type { RollupGroup, RollupKind } from '../jobs/job-catalogue';
import type { Health } from './project-health';

/*
 * What a roll-up snapshot holds. Every figure is an integer (cents, counts,
 * days, basis points); nothing is a float. `asOf` says when the rows were read
 * and is left out of the content hash, so two runs over the same rows on the
 * same day hash alike whichever process computed them.
 */

/** One funding figure set: for the whole programme, a round, a category or a Land. */
export interface FundingFigures {
  projectCount: number;
  /** Projects whose grant a source states, and the sum of those grants. */
  grantKnownCount: number;
  grantKnownCents: number;
  /** Projects whose grant no source states (never estimated, never counted as 0 €). */
  grantUnknownCount: number;
  /** Net: commitments minus their reversals. */
  committedCents: number;
  /** Net: disbursements minus their reversals and minus repayments. */
  disbursedCents: number;
  /** Repayments (Rückzahlungen), already taken off disbursedCents. */
  repaidCents: number;
  /** Spending in reports that reached the programme office (submitted or accepted). */
  reportedSpendCents: number;
  /** committed − disbursed. */
  remainingCents: number;
  /** Share of the programme budget, in basis points (10 000 = 100 %), rounded half up. */
  committedOfBudgetBp: number;
  disbursedOfBudgetBp: number;
  /** Commitments dated on or before the cutoff (12 months before the as-of date) not covered by the project's disbursements. */
  drawdownLagProjectCount: number;
  drawdownLagCents: number;
}

export interface BudgetYearFigures {
  projectCount: number;
  commitmentCount: number;
  committedCents: number;
  disbursementCount: number;
  disbursedCents: number;
  repaidCents: number;
  committedOfBudgetBp: number;
  disbursedOfBudgetBp: number;
}

export interface ProgressFigures {
  projectCount: number;
  /** Reports the calendar expected with a due date on or before the as-of date. */
  reportsDue: number;
  /** Report rows by their current status. */
  reportsSubmitted: number;
  reportsAccepted: number;
  reportsChangesRequested: number;
  reportsDraft: number;
  /** Due reports past their due date that are neither submitted nor accepted. */
  reportsOverdue: number;
  overdueDaysTotal: number;
  overdueDaysMax: number;
  /** Milestones of each project's latest delivered progress report. */
  milestonesTotal: number;
  milestonesDone: number;
  milestonesLate: number;
  /** Indicators (latest delivered report) with a target ≠ 0 and an actual value. */
  indicatorsMeasured: number;
  /** Σ actual/target over those indicators, and its average, in basis points (null when none is measured). */
  indicatorAttainmentSumBp: number;
  indicatorAttainmentAvgBp: number | null;
  /** Projects by the overallStatus of their latest delivered progress report. */
  statusOnTrack: number;
  statusAtRisk: number;
  statusOffTrack: number;
  statusNone: number;
  /** Projects by computed health. */
  healthGreen: number;
  healthAmber: number;
  healthRed: number;
}

export type Group<F> = { key: string; label: string } & F;

export interface ProjectHealthEntry {
  projectId: number;
  slug: string;
  name: string;
  round: number;
  category: string;
  states: string[];
  health: Health;
  reasons: string[];
  latestPeriod: string | null;
  overallStatus: string | null;
  reportsOverdue: number;
  milestonesLate: number;
  monthsWithoutDisbursement: number | null;
}

interface ContentBase {
  programme: { code: string; name: string; budgetCents: number };
}

export interface FundingRollupContent extends ContentBase {
  kind: 'funding';
  asOf: { dataAsOf: string; date: string; drawdownLagCutoff: string };
  totals: FundingFigures;
  groups: {
    round: Group<FundingFigures>[];
    category: Group<FundingFigures>[];
    state: Group<FundingFigures>[];
    budgetYear: Group<BudgetYearFigures>[];
  };
  notes: { state: string; multiLandProjectCount: number; budgetYear: string };
}

export interface ProgressRollupContent extends ContentBase {
  kind: 'progress';
  asOf: { dataAsOf: string; date: string };
  reporting: { cadence: ReportingCadence; dueMonthsAfterPeriod: number };
  totals: ProgressFigures;
  groups: {
    round: Group<ProgressFigures>[];
    category: Group<ProgressFigures>[];
    state: Group<ProgressFigures>[];
  };
  notes: { state: string; multiLandProjectCount: number };
  projects: ProjectHealthEntry[];
}

export type RollupContent = FundingRollupContent | ProgressRollupContent | StrategyRollupContent;

export type { StrategyFigures, StrategyRollupContent } from './strategy-rollup-content';
import type { StrategyRollupContent } from './strategy-rollup-content';

export const DEFAULT_GROUP: RollupGroup = 'round';

/** The groupings each kind computes, in their default order. */
export const GROUPINGS: Record<RollupKind, RollupGroup[]> = {
  funding: ['round', 'category', 'state', 'budgetYear'],
  progress: ['round', 'category', 'state'],
  strategy: ['fieldOfAction', 'quality', 'guideline', 'round', 'state'],
};

/** JSON with object keys sorted, so equal content always serialises to equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** SHA-256 of the content without `asOf` (when it was read): equal figures, equal hash. */
export function contentHash(content: RollupContent): string {
  const { asOf: _asOf, ...figures } = content;
  return createHash('sha256').update(stableJson(figures)).digest('hex');
}

/** part / whole in basis points, rounded half up, in integer arithmetic; 0 when the whole is 0. */
export function shareBp(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const p = BigInt(part);
  const w = BigInt(whole);
  const sign = p < 0n ? -1n : 1n;
  return Number(sign * ((sign * p * 20_000n + w) / (2n * w)));
}

/** A count or sum from the database: PostgreSQL returns bigint and numeric as text, SUM over nothing as null. */
export function int(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${String(value)}`);
  return n;
}
