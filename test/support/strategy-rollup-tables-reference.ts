import type { EntityManager } from 'typeorm';
import { statesOfProjects } from '../../src/projects/project-states';
import { DELIVERED_REPORT_STATUSES } from '../../src/reports/report.entity';
import type { Group } from '../../src/rollups/rollup-content';
import { int } from '../../src/rollups/rollup-content';
import { sql } from '../../src/rollups/rollup-sql';
import type { RollupSource } from '../../src/rollups/rollup-source';
import { dimensionGroups, STATE_NOTE } from '../../src/rollups/rollup-source';
import { FIELD_NOTE, GUIDELINE_NOTE, QUALITY_NOTE } from '../../src/rollups/strategy-rollup';
import type { StrategyFigures, StrategyRollupContent } from '../../src/rollups/strategy-rollup-content';
import { VocabularyTerm } from '../../src/vocabularies/vocabulary-term.entity';

/*
 * REFERENCE ONLY (test/strategy-rollup-summary.e2e-spec.ts compares the roll-up with it): the strategy roll-up
 * (issue 14 item 7) as it was before each cascade's summary was stored: each table read once with a plain
 * SELECT in strategy / measure order, every accepted cascade's figures summed in JavaScript and added into
 * the groups its measures touch, a cascade counted once per group through a "last cascade seen" marker.
 */

type Row = Record<string, unknown>;

type Tally = Omit<StrategyFigures, 'indicatorsUnknown' | 'attainmentAvgBp'> & {
  attainmentSum: number;
  /** Internal marker: the last cascade (strategy id) counted in this group. */
  seen?: number;
  /** Internal marker: the goals of that cascade already added to this group. */
  seenGoals?: Set<string>;
};

const zeroTally = (): Tally => ({
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

const ACC = `SELECT s.id AS strategy_id, p.id AS project_id, fr.number AS round_number
  FROM strategy s JOIN project p ON p.id = s.project_id JOIN funding_round fr ON fr.id = p.round_id
  WHERE s.status = 'accepted' AND p.programme_id = :programmeId ORDER BY s.id`;
const REPORTS = `SELECT r.id, r.project_id, r.period FROM report r JOIN project p ON p.id = r.project_id
  WHERE p.programme_id = :programmeId AND r.type = 'progress' AND r.status IN (:...delivered)`;
const IN_ACC = `JOIN strategy s ON s.id = m.strategy_id JOIN project p ON p.id = s.project_id
  WHERE s.status = 'accepted' AND p.programme_id = :programmeId`;
const MEASURES = `SELECT m.id, m.strategy_id, m.key, m.goal_keys_json, m.status, m.planned_cost_cents, m.planned_federal_cents
  FROM strategy_measure m ${IN_ACC} ORDER BY m.strategy_id, m.id`;
const TERMS = `SELECT t.measure_id, t.kind, t.code FROM strategy_measure_term t JOIN strategy_measure m ON m.id = t.measure_id ${IN_ACC}`;
// In goal order (the roll-up read them in whatever order the database returned; the order only moves the last bit of an attainment sum).
const GOALS = `SELECT g.strategy_id, g.key, g.indicators_json FROM strategy_goal g JOIN strategy s ON s.id = g.strategy_id
  JOIN project p ON p.id = s.project_id WHERE s.status = 'accepted' AND p.programme_id = :programmeId ORDER BY g.strategy_id, g.id`;
const REPORT_ROWS = (table: string, columns: string) => `SELECT x.report_id, ${columns} FROM ${table} x
  JOIN report r ON r.id = x.report_id JOIN project p ON p.id = r.project_id
  WHERE p.programme_id = :programmeId AND r.type = 'progress' AND r.status IN (:...delivered)`;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** An indicator's attainment (see the issue-14 rule): a fraction, or null when unknown. */
function attainment(actual: number | null, target: number | null, baseline: number | null): number | null {
  if (actual === null || target === null) return null;
  if (baseline !== null) return target !== baseline ? (actual - baseline) / (target - baseline) : null;
  return target !== 0 ? actual / target : null;
}

const parse = (value: unknown): unknown[] => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
};

interface Cascade {
  strategyId: number;
  projectId: number;
  round: number;
  latest: number | null;
}

interface GoalFigures {
  indicators: number;
  measured: number;
  attSum: number;
}

async function latestReports(manager: EntityManager, parameters: Row): Promise<Map<number, number>> {
  const best = new Map<number, { id: number; period: string }>();
  for (const row of await sql<Row>(manager, REPORTS, parameters)) {
    const projectId = int(row.project_id);
    const period = String(row.period instanceof Date ? row.period.toISOString() : row.period);
    const current = best.get(projectId);
    if (!current || period > current.period) best.set(projectId, { id: int(row.id), period });
  }
  return new Map([...best].map(([projectId, r]) => [projectId, r.id]));
}

/** The latest reports' measure progress (by report id and measure key) and indicator actuals (by report, goal, indicator). */
async function latestEntries(manager: EntityManager, parameters: Row, latestIds: Set<number>) {
  const progress = new Map<string, { status: unknown; spend: unknown }>();
  for (const row of await sql<Row>(manager, REPORT_ROWS('report_measure_progress', 'x.measure_id, x.status, x.spend_cents'), parameters)) {
    const reportId = int(row.report_id);
    if (latestIds.has(reportId)) progress.set(`${reportId}\u0000${String(row.measure_id)}`, { status: row.status, spend: row.spend_cents });
  }
  const actuals = new Map<string, number | null>();
  for (const row of await sql<Row>(manager, REPORT_ROWS('report_indicator_actual', 'x.goal_id, x.indicator_id, x.actual'), parameters)) {
    const reportId = int(row.report_id);
    if (latestIds.has(reportId)) actuals.set(`${reportId}\u0000${String(row.goal_id)}\u0000${String(row.indicator_id)}`, num(row.actual));
  }
  return { progress, actuals };
}

/** Each cascade's goals with their indicator figures (goals without indicators left out). */
async function goalFigures(
  manager: EntityManager,
  parameters: Row,
  cascades: Map<number, Cascade>,
  actuals: Map<string, number | null>,
): Promise<Map<number, Map<string, GoalFigures>>> {
  const goals = new Map<number, Map<string, GoalFigures>>();
  for (const row of await sql<Row>(manager, GOALS, parameters)) {
    const cascade = cascades.get(int(row.strategy_id));
    if (!cascade) continue;
    const goalKey = String(row.key);
    for (const indicator of parse(row.indicators_json) as Row[]) {
      const key = `${cascade.latest ?? ''}\u0000${goalKey}\u0000${String(indicator?.id)}`;
      const known = cascade.latest !== null && indicator?.id !== null && indicator?.id !== undefined;
      const actual = known ? (actuals.get(key) ?? null) : null;
      const att = attainment(actual, num(indicator?.target), num(indicator?.baseline));
      let byGoal = goals.get(cascade.strategyId);
      if (!byGoal) goals.set(cascade.strategyId, (byGoal = new Map()));
      let figures = byGoal.get(goalKey);
      if (!figures) byGoal.set(goalKey, (figures = { indicators: 0, measured: 0, attSum: 0 }));
      figures.indicators += 1;
      if (att !== null) {
        figures.measured += 1;
        figures.attSum += att;
      }
    }
  }
  return goals;
}

interface StrategyData {
  groups: Map<string, Map<string, Tally>>;
  multiCountedProjects: number;
  multiCountedMeasures: number;
}

interface Measure {
  id: number;
  strategyId: number;
  goalKeys: string[];
  status: string;
  cost: number | null;
  federal: number | null;
  spend: number | null;
  tags: { kind: string; code: string }[];
}

function addMeasure(tally: Tally, m: Measure): void {
  tally.measureCount += 1;
  if (m.status === 'done') tally.measuresDone += 1;
  else if (m.status === 'running') tally.measuresRunning += 1;
  else if (m.status === 'planned') tally.measuresPlanned += 1;
  else if (m.status === 'stopped') tally.measuresStopped += 1;
  if (m.cost === null) tally.measuresCostUnknown += 1;
  else tally.plannedCostCents += m.cost;
  tally.plannedFederalCents += m.federal ?? 0;
  if (m.spend === null) tally.measuresSpendUnknown += 1;
  else tally.reportedSpendCents += m.spend;
}

function addGoal(tally: Tally, g: GoalFigures): void {
  tally.indicatorCount += g.indicators;
  tally.indicatorsMeasured += g.measured;
  tally.attainmentSum += g.attSum;
}

async function readMeasures(
  manager: EntityManager,
  parameters: Row,
  cascades: Map<number, Cascade>,
  progress: Map<string, { status: unknown; spend: unknown }>,
) {
  const measures: Measure[] = [];
  const byId = new Map<number, Measure>();
  for (const row of await sql<Row>(manager, MEASURES, parameters)) {
    const cascade = cascades.get(int(row.strategy_id));
    if (!cascade) continue;
    const entry = cascade.latest === null ? undefined : progress.get(`${cascade.latest}\u0000${String(row.key)}`);
    const measure: Measure = {
      id: int(row.id),
      strategyId: cascade.strategyId,
      goalKeys: parse(row.goal_keys_json).map(String),
      status: String(entry?.status ?? row.status),
      cost: row.planned_cost_cents === null ? null : int(row.planned_cost_cents),
      federal: row.planned_federal_cents === null ? null : int(row.planned_federal_cents),
      spend: entry?.spend === null || entry?.spend === undefined ? null : int(entry.spend),
      tags: [],
    };
    measures.push(measure);
    byId.set(measure.id, measure);
  }
  for (const row of await sql<Row>(manager, TERMS, parameters))
    byId.get(int(row.measure_id))?.tags.push({ kind: String(row.kind), code: String(row.code) });
  return measures;
}

/** Reads the programme's accepted cascades once and sums them per total, round, Land, field, quality and guideline. */
async function strategyData(manager: EntityManager, programmeId: number): Promise<StrategyData> {
  const parameters = { programmeId, delivered: DELIVERED_REPORT_STATUSES };
  const latest = await latestReports(manager, parameters);
  const cascades = new Map<number, Cascade>();
  for (const row of await sql<Row>(manager, ACC, parameters)) {
    const projectId = int(row.project_id);
    cascades.set(int(row.strategy_id), {
      strategyId: int(row.strategy_id),
      projectId,
      round: int(row.round_number),
      latest: latest.get(projectId) ?? null,
    });
  }
  const { progress, actuals } = await latestEntries(manager, parameters, new Set(latest.values()));
  const goals = await goalFigures(manager, parameters, cascades, actuals);
  const measures = await readMeasures(manager, parameters, cascades, progress);
  const statesOf = await statesOfProjects(manager, { programmeId });
  return sumGroups([...cascades.values()], measures, goals, statesOf);
}

/** Adds a measure to the groups of its tags (its cascade once per group, each served goal once per cascade); returns its fields of action. */
function addTags(
  m: Measure,
  served: Map<string, GoalFigures> | undefined,
  into: (grouping: string, key: string) => Tally,
  fields: Map<number, Set<string>>,
): number {
  let ownFields = 0;
  for (const tag of m.tags) {
    const tally = into(tag.kind, tag.code);
    addMeasure(tally, m);
    if (tally.seen !== m.strategyId) {
      tally.seen = m.strategyId;
      tally.projectCount += 1;
      tally.seenGoals = new Set();
    }
    for (const goalKey of m.goalKeys) {
      const g = served?.get(goalKey);
      if (!g || tally.seenGoals?.has(goalKey)) continue;
      tally.seenGoals?.add(goalKey);
      addGoal(tally, g);
    }
    if (tag.kind === 'fieldOfAction') {
      ownFields += 1;
      let set = fields.get(m.strategyId);
      if (!set) fields.set(m.strategyId, (set = new Set()));
      set.add(tag.code);
    }
  }
  return ownFields;
}

function sumGroups(
  cascades: Cascade[],
  measures: Measure[],
  goals: Map<number, Map<string, GoalFigures>>,
  statesOf: Map<number, string[]>,
): StrategyData {
  const groups = new Map<string, Map<string, Tally>>();
  const into = (grouping: string, key: string): Tally => {
    let byKey = groups.get(grouping);
    if (!byKey) groups.set(grouping, (byKey = new Map()));
    let tally = byKey.get(key);
    if (!tally) byKey.set(key, (tally = zeroTally()));
    return tally;
  };
  const dimensions = new Map<number, Tally[]>();
  for (const c of cascades) {
    const tallies = [into('total', ''), into('round', String(c.round)), ...(statesOf.get(c.projectId) ?? []).map((s) => into('state', s))];
    dimensions.set(c.strategyId, tallies);
    for (const tally of tallies) {
      tally.projectCount += 1;
      for (const g of goals.get(c.strategyId)?.values() ?? []) addGoal(tally, g);
    }
  }
  let multiCountedMeasures = 0;
  let multiCountedProjects = 0;
  const fields = new Map<number, Set<string>>();
  for (const m of measures) {
    for (const tally of dimensions.get(m.strategyId) ?? []) addMeasure(tally, m);
    const served = goals.get(m.strategyId);
    const ownFields = addTags(m, served, into, fields);
    if (ownFields > 1) multiCountedMeasures += 1;
  }
  for (const set of fields.values()) if (set.size > 1) multiCountedProjects += 1;
  for (const byKey of groups.values()) {
    for (const tally of byKey.values()) {
      delete tally.seen;
      delete tally.seenGoals;
    }
  }
  return { groups, multiCountedProjects, multiCountedMeasures };
}

function figures(tally: Tally): StrategyFigures {
  const { attainmentSum, ...rest } = tally;
  return {
    ...rest,
    indicatorsUnknown: tally.indicatorCount - tally.indicatorsMeasured,
    attainmentAvgBp: tally.indicatorsMeasured ? Math.round((attainmentSum * 10_000) / tally.indicatorsMeasured) : null,
  };
}

/** The tallies by grouping and key, each a figure set. */
function byGroup(tallies: Map<string, Map<string, Tally>>): Map<string, Map<string, StrategyFigures>> {
  return new Map([...tallies].map(([grouping, group]) => [grouping, new Map([...group].map(([k, t]) => [k, figures(t)]))]));
}

const zero = (): StrategyFigures => figures(zeroTally());

/** The strategy roll-up as it was computed before the stored summaries: every cascade from its rows. */
export async function strategyRollupFromTables(source: RollupSource): Promise<StrategyRollupContent> {
  const { manager, programme, today } = source;
  const data = await strategyData(manager, programme.id);
  const terms = await manager.getRepository(VocabularyTerm).find({ order: { kind: 'ASC', position: 'ASC', id: 'ASC' } });
  const projectRows = await sql<{ n: unknown }>(manager, 'SELECT COUNT(*) AS n FROM project WHERE programme_id = :programmeId', {
    programmeId: programme.id,
  });
  const groups = byGroup(data.groups);
  const vocabularyGroups = (kind: 'fieldOfAction' | 'quality' | 'guideline'): Group<StrategyFigures>[] =>
    terms.filter((t) => t.kind === kind).map((t) => ({ key: t.code, label: t.label, ...(groups.get(kind)?.get(t.code) ?? zero()) }));
  const { round, state } = dimensionGroups(source, groups, zero);
  const totals = groups.get('total')?.get('') ?? zero();

  return {
    kind: 'strategy',
    asOf: { dataAsOf: source.dataAsOf.toISOString(), date: today },
    programme: { code: programme.code, name: programme.name, budgetCents: programme.budgetCents },
    totals: {
      ...totals,
      cascadesAccepted: totals.projectCount,
      projectsWithoutCascade: int(projectRows[0]?.n) - totals.projectCount,
    },
    groups: {
      fieldOfAction: vocabularyGroups('fieldOfAction'),
      quality: vocabularyGroups('quality'),
      guideline: vocabularyGroups('guideline'),
      round,
      state,
    },
    notes: {
      fieldOfAction: FIELD_NOTE,
      quality: QUALITY_NOTE,
      guideline: GUIDELINE_NOTE,
      state: STATE_NOTE,
      multiCountedProjects: data.multiCountedProjects,
      multiCountedMeasures: data.multiCountedMeasures,
      multiLandProjectCount: source.multiLandProjectCount,
    },
  };
}
