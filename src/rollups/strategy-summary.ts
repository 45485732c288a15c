import type { StrategyFigures } from './strategy-rollup-content';

/*
 * A cascade's share of the strategy roll-up (issue 14 item 7), stored on its
 * row (strategy.rollup_summary) so the roll-up reads one row per cascade
 * instead of its goals, measures, measure tags and report entries.
 *
 * It holds what the cascade adds to every group it touches: to its round,
 * its Länder and the total ("a", all its measures, and every goal "g"), and
 * to each field of action, quality and guideline its measures are tagged
 * with ("t": those measures, and the goals they serve). The round and the
 * Länder are not in it: the roll-up joins them from the project, as they are
 * when it runs. Amounts are integer cents; a goal's attainment sum is the
 * same floating-point sum the computation from the rows makes, and the
 * roll-up adds the goals' sums one by one in the order the computation from
 * the rows adds them, so both give the same figures to the last bit.
 *
 * A summary is computed from the rows (cascadeSummary) and counts only while
 * the rows it was computed from are the current ones: it names the cascade's
 * version (+1 on every save, submission and review) and the project's latest
 * delivered progress report with that report's version (+1 on every change),
 * and a format version. The roll-up computes any other from the rows again.
 */

/** Bumped whenever what a summary holds or how it is computed changes: every stored summary is then computed again. */
export const SUMMARY_FORMAT = 1;

/** [measures, done, running, planned, stopped, Σ planned cost, Σ planned federal share, cost unknown, Σ spend, spend unknown] */
export type MeasureFigures = [number, number, number, number, number, number, number, number, number, number];

/** A goal with indicators: [indicators, measured, Σ attainment of the measured ones (a fraction each)]. */
export type GoalFigures = [number, number, number];

/** The vocabularies a measure is tagged with, as stored: f field of action, q quality, g guideline. */
export const TAG_KINDS = { fieldOfAction: 'f', quality: 'q', guideline: 'g' } as const;
export type TagKind = keyof typeof TAG_KINDS;
export const KIND_OF_TAG = new Map<string, TagKind>([
  ['f', 'fieldOfAction'],
  ['q', 'quality'],
  ['g', 'guideline'],
]);

/** A tag group: [kind, code, ...its measures' figures, the goals they serve (indexes into g, first served first)]. */
export type TagEntry = [string, string, ...MeasureFigures, number[]];

export interface CascadeSummary {
  /** SUMMARY_FORMAT when computed. */
  v: number;
  /** The cascade's version (strategy.version) it was computed from. */
  sv: number;
  /** The project's latest delivered progress report (id and version) it was computed from; null when there was none. */
  r: number | null;
  rv: number | null;
  /** The cascade's goals that have indicators, in goal order. */
  g: GoalFigures[];
  /** All its measures. */
  a: MeasureFigures;
  /** Per field of action, quality and guideline of its measures, in order of first appearance. */
  t: TagEntry[];
  /** Measures under more than one field of action. */
  mm: number;
  /** 1 when its measures span more than one field of action, else 0. */
  mf: number;
}

/** What the fingerprint of a summary is checked against: the rows as they are now. */
export interface SummaryBasis {
  strategyVersion: number;
  reportId: number | null;
  reportVersion: number | null;
}

/** The rows a summary is computed from: the cascade's goals and measures, and the latest delivered report's entries. */
export interface SummaryInput extends SummaryBasis {
  /** In goal order (strategy_goal.id), indicators as stored (`{ id, baseline, target, … }`). */
  goals: { key: string; indicators: unknown[] }[];
  /** In measure order (strategy_measure.id). */
  measures: {
    key: string;
    status: string;
    costCents: number | null;
    federalCents: number | null;
    goalKeys: string[];
    tags: { kind: string; code: string }[];
  }[];
  /** The latest delivered report's measure entries by measure key (the last entry of a key wins). */
  progress: Map<string, { status: string; spendCents: number | null }>;
  /** The latest delivered report's indicator actuals by `goalKey \0 indicatorId`. */
  actuals: Map<string, number | null>;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** An indicator's attainment (see the issue-14 rule): a fraction, or null when unknown. */
export function attainment(actual: number | null, target: number | null, baseline: number | null): number | null {
  if (actual === null || target === null) return null;
  if (baseline !== null) return target !== baseline ? (actual - baseline) / (target - baseline) : null;
  return target !== 0 ? actual / target : null;
}

const zeroMeasures = (): MeasureFigures => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const STATUS_SLOT = new Map([
  ['done', 1],
  ['running', 2],
  ['planned', 3],
  ['stopped', 4],
]);

/** Adds a measure to the figures that start at `offset` in `into` (a MeasureFigures, or a TagEntry at 2). */
function addMeasure(into: unknown[], offset: number, status: string, cost: number | null, federal: number | null, spend: number | null) {
  const add = (slot: number, n: number) => (into[offset + slot] = (into[offset + slot] as number) + n);
  add(0, 1);
  const slot = STATUS_SLOT.get(status);
  if (slot !== undefined) add(slot, 1);
  if (cost === null) add(7, 1);
  else add(5, cost);
  add(6, federal ?? 0);
  if (spend === null) add(9, 1);
  else add(8, spend);
}

/** The goals that have indicators, in goal order, with their figures; and each one's index by goal key. */
function goalsOf(input: SummaryInput): { goals: GoalFigures[]; goalIndex: Map<string, number> } {
  const known = input.reportId !== null;
  const goals: GoalFigures[] = [];
  const goalIndex = new Map<string, number>();
  for (const goal of input.goals) {
    for (const item of goal.indicators) {
      const indicator = item as Record<string, unknown> | null;
      const id = indicator?.id;
      const actual = known && id !== null && id !== undefined ? (input.actuals.get(`${goal.key}\u0000${String(id)}`) ?? null) : null;
      const att = attainment(actual, num(indicator?.target), num(indicator?.baseline));
      // A goal without indicators adds nothing anywhere: it gets no entry.
      let g = goalIndex.get(goal.key);
      if (g === undefined) {
        goalIndex.set(goal.key, (g = goals.length));
        goals.push([0, 0, 0]);
      }
      const figures = goals[g];
      figures[0] += 1;
      if (att !== null) {
        figures[1] += 1;
        figures[2] += att;
      }
    }
  }
  return { goals, goalIndex };
}

/** A cascade's summary, computed from its rows exactly as the roll-up used to sum them. */
export function cascadeSummary(input: SummaryInput): CascadeSummary {
  const { goals, goalIndex } = goalsOf(input);
  const all = zeroMeasures();
  const tags = new Map<string, TagEntry>();
  const fields = new Set<string>();
  let multiMeasures = 0;
  for (const m of input.measures) {
    const entry = input.reportId !== null ? input.progress.get(m.key) : undefined;
    const status = entry?.status ?? m.status;
    const spend = entry?.spendCents ?? null;
    addMeasure(all, 0, status, m.costCents, m.federalCents, spend);
    let ownFields = 0;
    for (const tag of m.tags) {
      if (!Object.hasOwn(TAG_KINDS, tag.kind)) continue;
      const kind = TAG_KINDS[tag.kind as TagKind];
      const key = `${kind}\u0000${tag.code}`;
      let group = tags.get(key);
      if (!group) tags.set(key, (group = [kind, tag.code, ...zeroMeasures(), []]));
      addMeasure(group, 2, status, m.costCents, m.federalCents, spend);
      const served = group[12];
      for (const goalKey of m.goalKeys) {
        const g = goalIndex.get(goalKey);
        if (g !== undefined && !served.includes(g)) served.push(g);
      }
      if (kind === 'f') {
        ownFields += 1;
        fields.add(tag.code);
      }
    }
    if (ownFields > 1) multiMeasures += 1;
  }
  const fingerprint = { v: SUMMARY_FORMAT, sv: input.strategyVersion, r: input.reportId, rv: input.reportVersion };
  return { ...fingerprint, g: goals, a: all, t: [...tags.values()], mm: multiMeasures, mf: fields.size > 1 ? 1 : 0 };
}

/** The summary as stored: JSON, its fingerprint first (see summaryPrefix). */
export function serializeSummary(s: CascadeSummary): string {
  return JSON.stringify({ v: s.v, sv: s.sv, r: s.r, rv: s.rv, g: s.g, a: s.a, t: s.t, mm: s.mm, mf: s.mf });
}

/** How a summary of this format computed from rows with this basis begins when stored (serializeSummary). */
export const summaryPrefix = (basis: SummaryBasis): string =>
  `{"v":${SUMMARY_FORMAT},"sv":${basis.strategyVersion},"r":${basis.reportId},"rv":${basis.reportVersion},`;

/** A stored summary whose text begins with the expected summaryPrefix; null if it is not JSON after all. */
export function parseSummary(stored: string): CascadeSummary | null {
  try {
    return JSON.parse(stored) as CascadeSummary;
  } catch {
    return null;
  }
}

/** A figure set while it is summed: the figures and the attainment sum (averaged at the end). */
export type Tally = Omit<StrategyFigures, 'indicatorsUnknown' | 'attainmentAvgBp'> & { attainmentSum: number };

export const zeroTally = (): Tally => ({
  projectCount: 0,
  measureCount: 0,
  measuresDone: 0,
  measuresRunning: 0,
  measuresPlanned: 0,
  measuresStopped: 0,
  plannedCostCents: 0,
  plannedFederalCents: 0,
  measuresCostUnknown: 0,
  reportedSpendCents: 0,
  measuresSpendUnknown: 0,
  indicatorCount: 0,
  indicatorsMeasured: 0,
  attainmentSum: 0,
});

function addFigures(tally: Tally, f: readonly unknown[], o: number): void {
  tally.measureCount += f[o] as number;
  tally.measuresDone += f[o + 1] as number;
  tally.measuresRunning += f[o + 2] as number;
  tally.measuresPlanned += f[o + 3] as number;
  tally.measuresStopped += f[o + 4] as number;
  tally.plannedCostCents += f[o + 5] as number;
  tally.plannedFederalCents += f[o + 6] as number;
  tally.measuresCostUnknown += f[o + 7] as number;
  tally.reportedSpendCents += f[o + 8] as number;
  tally.measuresSpendUnknown += f[o + 9] as number;
}

function addGoal(tally: Tally, g: GoalFigures): void {
  tally.indicatorCount += g[0];
  tally.indicatorsMeasured += g[1];
  tally.attainmentSum += g[2];
}

/**
 * Sums cascades' summaries into groups: each cascade once into the total, its
 * round and each of its Länder (all its measures and goals), and into every
 * field of action, quality and guideline of its measures. Call it in strategy
 * id order: the attainment sums are then those of the computation from the rows.
 */
export class SummaryTotals {
  readonly groups = new Map<string, Map<string, Tally>>();
  multiCountedProjects = 0;
  multiCountedMeasures = 0;

  private into(grouping: string, key: string): Tally {
    let byKey = this.groups.get(grouping);
    if (!byKey) this.groups.set(grouping, (byKey = new Map()));
    let tally = byKey.get(key);
    if (!tally) byKey.set(key, (tally = zeroTally()));
    return tally;
  }

  add(summary: CascadeSummary, round: string, states: readonly string[]): void {
    const dimensions = [this.into('total', ''), this.into('round', round)];
    for (const state of states) dimensions.push(this.into('state', state));
    for (const tally of dimensions) {
      tally.projectCount += 1;
      for (const g of summary.g) addGoal(tally, g);
      addFigures(tally, summary.a, 0);
    }
    for (const entry of summary.t) {
      const kind = KIND_OF_TAG.get(entry[0]);
      if (!kind) continue;
      const tally = this.into(kind, entry[1]);
      tally.projectCount += 1;
      addFigures(tally, entry, 2);
      for (const g of entry[12]) addGoal(tally, summary.g[g]);
    }
    this.multiCountedMeasures += summary.mm;
    this.multiCountedProjects += summary.mf;
  }
}
