import type { BodyKind } from '../bodies/body.entity';
import { addMonths } from '../common/dates';
import { foldText } from '../common/text';
import type { CategoryCode } from '../programme/category.entity';
import type { ProjectPhase, ProjectStatus } from '../projects/project.entity';
import type { CostCategory, MilestoneStatus } from '../reports/report-parts.entity';
import type { OverallStatus, ReportStatus } from '../reports/report.entity';
import { periodContaining, periodsBetween } from '../reports/reporting-calendar';
import { Prng } from './prng';
import { bodies } from './synthetic-bodies';
import { daysBetween, plusDays, report, uniform, yearOf } from './synthetic-report';
import type { StrategyPlan } from './synthetic-strategy';
import { planSyntheticStrategy } from './synthetic-strategy';

/*
 * One synthetic project with everything hanging from it, as plain values: no
 * database, no clock. Each project draws from its own generator keyed by
 * (seed, project number), so a project's rows do not depend on how many
 * projects came before it or how the work is chunked.
 *
 * The shape follows the real programme: grants of a few million euros, phase A
 * (strategy) and/or phase B (implementation) commitments, drawdowns against
 * them, half-yearly progress reports from the first commitment on.
 */

export const SYNTHETIC_FIRST_YEAR = 2019;
export { SYNTHETIC_DUE_MONTHS } from './synthetic-report';

export interface SyntheticContext {
  seed: number;
  projects: number;
  years: number;
}

export interface BodyPlan {
  name: string;
  kind: BodyKind;
  stateCode: string;
}

export interface CommitmentPlan {
  amountCents: number;
  date: string;
  phase: ProjectPhase;
  budgetYear: number;
}

export interface DisbursementPlan {
  amountCents: number;
  date: string;
  budgetYear: number;
}

export interface MilestonePlan {
  position: number;
  title: string;
  plannedDate: string;
  actualDate: string | null;
  status: MilestoneStatus;
}

export interface IndicatorPlan {
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  target: number;
  actual: number | null;
}

export interface SpendingPlan {
  costCategory: CostCategory;
  amountCents: number;
}

export interface ReportPlan {
  period: string;
  periodStart: string;
  periodEnd: string;
  status: ReportStatus;
  version: number;
  dueDate: string;
  narrative: string | null;
  overallStatus: OverallStatus | null;
  overallStatusReason: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  milestones: MilestonePlan[];
  indicators: IndicatorPlan[];
  spending: SpendingPlan[];
}

export interface ProjectPlan {
  ordinal: number;
  slug: string;
  name: string;
  motto: string | null;
  roundNumber: number;
  categoryCode: CategoryCode;
  /** What the project will be granted; the cap for its commitments even where the grant is not stated. */
  plannedCents: number;
  grantCents: number | null;
  grantUncertain: boolean;
  source: string;
  phase: ProjectPhase;
  status: ProjectStatus;
  lead: BodyPlan;
  /** As in the real seed: empty for a single body, every body (the lead first) for a cooperation. */
  members: BodyPlan[];
  stateCodes: string[];
  searchText: string;
  commitments: CommitmentPlan[];
  disbursements: DisbursementPlan[];
  reports: ReportPlan[];
  /** The project's strategy cascade (its own random stream: src/synthetic/synthetic-strategy.ts). */
  strategy: StrategyPlan;
}

/** The programme's life: from 2019 to the end of the last report a project of the last round can owe. */
export function syntheticProgrammeLife(years: number): { startsOn: string; endsOn: string } {
  // First commitment at the latest 12 months after the last round's start, then at most 18 half-years of reports.
  return { startsOn: `${SYNTHETIC_FIRST_YEAR}-01-01`, endsOn: `${SYNTHETIC_FIRST_YEAR + years + 8}-12-31` };
}

/** Projects are spread evenly over the rounds, in order: project 1 is in round 1, the last project in the last round. */
export function syntheticRoundOf(ctx: SyntheticContext, ordinal: number): number {
  return Math.floor(((ordinal - 1) * ctx.years) / ctx.projects) + 1;
}

export function syntheticRoundSizes(ctx: SyntheticContext): number[] {
  const sizes = new Array<number>(ctx.years).fill(0);
  // Round r holds the ordinals o with floor((o-1)·Y/N) = r-1, i.e. o-1 from ceil((r-1)·N/Y) to ceil(r·N/Y)-1.
  for (let r = 1; r <= ctx.years; r++)
    sizes[r - 1] = Math.ceil((r * ctx.projects) / ctx.years) - Math.ceil(((r - 1) * ctx.projects) / ctx.years);
  return sizes;
}

export function syntheticTag(ctx: SyntheticContext, ordinal: number): string {
  const width = Math.max(6, String(ctx.projects).length);
  return `synth-${ctx.seed}-${String(ordinal).padStart(width, '0')}`;
}

const CATEGORY_WEIGHTS: readonly (readonly [CategoryCode, number])[] = [
  ['GROSSSTADT', 22],
  ['MITTELSTADT', 30],
  ['KLEINSTADT_LANDGEMEINDE', 26],
  ['INTERKOMMUNAL_LANDKREIS', 22],
];

/** Grant range per category in whole euros, near what the real rounds granted. */
const GRANT_EUROS: Record<CategoryCode, [number, number]> = {
  GROSSSTADT: [6_000_000, 17_500_000],
  MITTELSTADT: [4_000_000, 14_000_000],
  KLEINSTADT_LANDGEMEINDE: [2_000_000, 8_000_000],
  INTERKOMMUNAL_LANDKREIS: [3_000_000, 21_000_000],
};

/** Roughly how many municipalities each Land has, as weights. */
const MOTTOS = [
  'Gemeinwohl digital',
  'Daten für alle',
  'Stadt.Land.Digital',
  'Vernetzt in die Zukunft',
  'Mobilität neu denken',
  'Klimaschutz mit Daten',
  'Offene Plattform für die Region',
  'Bürgernah und smart',
  'Resiliente Quartiere',
  'Digitale Daseinsvorsorge',
];
/** Category and grant of a project, from a stream of their own so the programme budget can be summed without planning every project. */
export function syntheticProjectProfile(ctx: SyntheticContext, ordinal: number) {
  const rng = new Prng(ctx.seed, ordinal, 0);
  const categoryCode = rng.weighted(CATEGORY_WEIGHTS);
  const [min, max] = GRANT_EUROS[categoryCode];
  const euros = rng.int(min / 1000, max / 1000) * 1000 + (rng.chance(0.3) ? rng.int(0, 999) : 0);
  const plannedCents = euros * 100 + (rng.chance(0.1) ? rng.int(1, 99) : 0);
  const grantKnown = rng.chance(0.8);
  const grantUncertain = grantKnown && rng.chance(0.15);
  return { categoryCode, plannedCents, grantKnown, grantUncertain };
}

/** Phase A (a share of the plan) and/or phase B (most of what is left), each dated and in its budget year. */
function plannedCommitments(rng: Prng, phases: 'AB' | 'B' | 'A', first: string, planned: number): CommitmentPlan[] {
  const commitments: CommitmentPlan[] = [];
  if (phases !== 'B')
    commitments.push({ amountCents: Math.floor(planned * uniform(rng, 0.05, 0.12)), date: first, phase: 'A', budgetYear: yearOf(first) });
  if (phases !== 'A') {
    const date = phases === 'AB' ? addMonths(first, rng.int(9, 24)) : first;
    const left = planned - (commitments[0]?.amountCents ?? 0);
    commitments.push({ amountCents: Math.floor(left * uniform(rng, 0.85, 1)), date, phase: 'B', budgetYear: yearOf(date) });
  }
  return commitments;
}

/** Drawdowns between the first commitment and the project's end, each a share of what is committed and not yet drawn by then. */
function plannedDisbursements(
  rng: Prng,
  phases: 'AB' | 'B' | 'A',
  first: string,
  end: string,
  commitments: CommitmentPlan[],
): DisbursementPlan[] {
  const disbursementCount = phases === 'A' ? rng.int(2, 6) : rng.int(6, 16);
  const span = daysBetween(first, end);
  const dates = Array.from({ length: disbursementCount }, () => plusDays(first, rng.int(1, span))).sort();
  const disbursements: DisbursementPlan[] = [];
  let drawn = 0;
  for (const date of dates) {
    const committed = commitments.reduce((sum, c) => (c.date <= date ? sum + c.amountCents : sum), 0);
    const amount = Math.floor((committed - drawn) * uniform(rng, 0.08, 0.3));
    if (amount < 1) continue;
    disbursements.push({ amountCents: amount, date, budgetYear: yearOf(date) });
    drawn += amount;
  }
  return disbursements;
}

/** Everything about project number `ordinal` (1-based) of the synthetic programme. */
export function planSyntheticProject(ctx: SyntheticContext, ordinal: number): ProjectPlan {
  const profile = syntheticProjectProfile(ctx, ordinal);
  const rng = new Prng(ctx.seed, ordinal, 1);
  const tag = syntheticTag(ctx, ordinal);
  const roundNumber = syntheticRoundOf(ctx, ordinal);
  const roundYear = SYNTHETIC_FIRST_YEAR + roundNumber - 1;
  const { title, lead, members } = bodies(rng, tag, profile.categoryCode);
  const motto = rng.chance(0.7) ? rng.pick(MOTTOS) : null;
  const name = `${title} (${tag})`;

  // Phase A (strategy) then B (implementation), B directly, or A only (so far).
  const phases = rng.weighted<'AB' | 'B' | 'A'>([
    ['AB', 50],
    ['B', 35],
    ['A', 15],
  ]);
  const first = plusDays(`${roundYear}-07-01`, rng.int(0, 364));
  const planned = profile.plannedCents;
  const commitments = plannedCommitments(rng, phases, first, planned);

  // Half-years of reporting: ≈ 15 for a project in phase B, ≈ 7 for one that stopped after A (≈ 14 on average).
  const periodCount = phases === 'A' ? rng.int(4, 10) : rng.int(12, 18);
  const from = periodContaining(first, 'half_yearly');
  const periods = periodsBetween(from, { ...from, index: from.index + periodCount - 1 }, 'half_yearly');
  const end = periods[periods.length - 1].end;

  const disbursements = plannedDisbursements(rng, phases, first, end, commitments);

  const status =
    phases === 'A'
      ? rng.chance(0.3)
        ? 'withdrawn'
        : 'active'
      : rng.weighted<ProjectStatus>([
          ['active', 86],
          ['completed', 12],
          ['withdrawn', 2],
        ]);
  const reports = periods.map((period, i) => report(rng, period, i, periods.length, planned));
  const stateCodes = [...new Set([lead, ...members].map((b) => b.stateCode))];

  return {
    ordinal,
    slug: tag,
    name,
    motto,
    roundNumber,
    categoryCode: profile.categoryCode,
    plannedCents: planned,
    grantCents: profile.grantKnown ? planned : null,
    grantUncertain: profile.grantUncertain,
    source: `synthetic: generated by npm run seed:synthetic (seed ${ctx.seed}); not a real project`,
    phase: phases === 'A' ? 'A' : 'B',
    status,
    lead,
    members,
    stateCodes,
    searchText: foldText([name, motto, lead.name, ...members.map((m) => m.name)].filter(Boolean).join(' | ')),
    commitments,
    disbursements,
    reports,
    strategy: planSyntheticStrategy(ctx, ordinal, roundYear, planned),
  };
}
