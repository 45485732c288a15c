import type { EntityManager } from 'typeorm';
import { statesOfProjects } from '../projects/project-states';
import { DELIVERED_REPORT_STATUSES } from '../reports/report.entity';
import { int } from './rollup-content';
import { sql } from './rollup-sql';
import type { CascadeSummary, SummaryBasis, SummaryInput, Tally } from './strategy-summary';
import { cascadeSummary, parseSummary, serializeSummary, summaryPrefix, SummaryTotals } from './strategy-summary';

export type { Tally } from './strategy-summary';
export { zeroTally } from './strategy-summary';

/*
 * The strategy roll-up's figures (issue 14 item 7): one row per accepted
 * cascade, with its stored summary (strategy-summary.ts) and what that
 * summary must have been computed from: the cascade's version and the
 * project's latest delivered progress report (id, version). A summary that
 * matches is summed as it is; any other (none yet, an older format, rows
 * changed since) is computed from the cascade's rows, summed, and handed back
 * to be stored. The groups are summed in strategy id order.
 */

type Row = Record<string, unknown>;

/**
 * The project's latest delivered progress report, id and version: index-only lookups per cascade
 * (IDX_report_latest_delivered: project_id, type, period, status, version), the highest period first.
 */
const LATEST = (column: string) => `(SELECT r.${column} FROM report r WHERE r.project_id = s.project_id AND r.type = 'progress'
  AND r.status IN (:...delivered) ORDER BY r.period DESC LIMIT 1)`;
const LATEST_REPORT = `${LATEST('id')} AS report_id, ${LATEST('version')} AS report_version`;

/**
 * A page of the accepted cascades, after strategy id `after`. Each summary is parsed, added and dropped before
 * the next: what a page holds is all that is alive at a young-generation collection (at 100 000 projects the
 * summaries are ≈ 130 MB of text; read at once, they and their parsed arrays survived into the old generation).
 */
const ACCEPTED = `SELECT s.id AS strategy_id, s.project_id, s.version, s.rollup_summary, fr.number AS round_number, ${LATEST_REPORT}
  FROM strategy s JOIN project p ON p.id = s.project_id JOIN funding_round fr ON fr.id = p.round_id
  WHERE s.status = 'accepted' AND p.programme_id = :programmeId AND s.id > :after ORDER BY s.id LIMIT :limit`;
const PAGE = 500;

const OF_PROJECT = `SELECT s.id AS strategy_id, s.project_id, s.version, ${LATEST_REPORT} FROM strategy s WHERE s.project_id = :projectId`;

const GOALS = `SELECT g.strategy_id, g.key, g.indicators_json FROM strategy_goal g
  WHERE g.strategy_id IN (:...ids) ORDER BY g.strategy_id, g.id`;
const MEASURES = `SELECT m.id, m.strategy_id, m.key, m.goal_keys_json, m.status, m.planned_cost_cents, m.planned_federal_cents
  FROM strategy_measure m WHERE m.strategy_id IN (:...ids) ORDER BY m.strategy_id, m.id`;
const TERMS = `SELECT t.measure_id, t.kind, t.code FROM strategy_measure_term t JOIN strategy_measure m ON m.id = t.measure_id
  WHERE m.strategy_id IN (:...ids) ORDER BY t.id`;
const PROGRESS = `SELECT x.report_id, x.measure_id, x.status, x.spend_cents FROM report_measure_progress x
  WHERE x.report_id IN (:...ids) ORDER BY x.report_id, x.id`;
const ACTUALS = `SELECT x.report_id, x.goal_id, x.indicator_id, x.actual FROM report_indicator_actual x
  WHERE x.report_id IN (:...ids) ORDER BY x.report_id, x.id`;

/** Cascades per statement when computing summaries from the rows (≈ 12 measures, 50 tags each). */
const CHUNK = 500;

const parse = (value: unknown): unknown[] => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
};
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const intOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : int(value));

export interface CascadeRef {
  strategyId: number;
  basis: SummaryBasis;
}

const basisOf = (row: Row): SummaryBasis => ({
  strategyVersion: int(row.version),
  reportId: intOrNull(row.report_id),
  reportVersion: intOrNull(row.report_version),
});

/** A summary to store, as text (serializeSummary): computed from the rows of the cascade at `version`. */
export interface StoredSummary {
  strategyId: number;
  version: number;
  text: string;
}

/** The rows of up to CHUNK cascades, read by strategy id and report id. */
async function inputsOf(manager: EntityManager, cascades: CascadeRef[]): Promise<Map<number, SummaryInput>> {
  const inputs = new Map<number, SummaryInput>();
  const reportOf = new Map<number, SummaryInput>();
  for (const c of cascades) {
    const input: SummaryInput = { ...c.basis, goals: [], measures: [], progress: new Map(), actuals: new Map() };
    inputs.set(c.strategyId, input);
    if (c.basis.reportId !== null) reportOf.set(c.basis.reportId, input);
  }
  const ids = [...inputs.keys()];
  for (const row of await sql<Row>(manager, GOALS, { ids }))
    inputs.get(int(row.strategy_id))?.goals.push({ key: String(row.key), indicators: parse(row.indicators_json) });
  const byMeasure = new Map<number, SummaryInput['measures'][number]>();
  for (const row of await sql<Row>(manager, MEASURES, { ids })) {
    const measure = {
      key: String(row.key),
      status: String(row.status),
      costCents: intOrNull(row.planned_cost_cents),
      federalCents: intOrNull(row.planned_federal_cents),
      goalKeys: parse(row.goal_keys_json).map(String),
      tags: [],
    };
    inputs.get(int(row.strategy_id))?.measures.push(measure);
    byMeasure.set(int(row.id), measure);
  }
  for (const row of await sql<Row>(manager, TERMS, { ids }))
    byMeasure.get(int(row.measure_id))?.tags.push({ kind: String(row.kind), code: String(row.code) });
  const reportIds = [...reportOf.keys()];
  if (reportIds.length) {
    for (const row of await sql<Row>(manager, PROGRESS, { ids: reportIds })) {
      reportOf
        .get(int(row.report_id))
        ?.progress.set(String(row.measure_id), { status: String(row.status), spendCents: intOrNull(row.spend_cents) });
    }
    for (const row of await sql<Row>(manager, ACTUALS, { ids: reportIds }))
      reportOf.get(int(row.report_id))?.actuals.set(`${String(row.goal_id)}\u0000${String(row.indicator_id)}`, num(row.actual));
  }
  return inputs;
}

/** The summaries of these cascades, computed from their rows (CHUNK cascades per statement). */
export async function summariesFromRows(manager: EntityManager, cascades: CascadeRef[]): Promise<Map<number, CascadeSummary>> {
  const summaries = new Map<number, CascadeSummary>();
  for (let i = 0; i < cascades.length; i += CHUNK) {
    for (const [strategyId, input] of await inputsOf(manager, cascades.slice(i, i + CHUNK))) {
      summaries.set(strategyId, cascadeSummary(input));
    }
  }
  return summaries;
}

/**
 * Stores summaries on their cascades, each only while the cascade is still at the version it was computed from
 * (a cascade saved meanwhile keeps the summary its own save stored). One UPDATE per CHUNK cascades.
 */
export async function storeSummaries(manager: EntityManager, summaries: StoredSummary[]): Promise<void> {
  for (let i = 0; i < summaries.length; i += CHUNK) {
    const slice = summaries.slice(i, i + CHUNK);
    const parameters: Record<string, unknown> = {};
    const tuples = slice.map((s, n) => {
      parameters[`i${n}`] = s.strategyId;
      parameters[`v${n}`] = s.version;
      parameters[`s${n}`] = s.text;
      return `(CAST(:i${n} AS integer), CAST(:v${n} AS integer), :s${n})`;
    });
    // VALUES names its columns column1, column2, … on both databases.
    await sql(
      manager,
      `UPDATE strategy SET rollup_summary = v.column3 FROM (VALUES ${tuples.join(', ')}) AS v
       WHERE strategy.id = v.column1 AND strategy.version = v.column2`,
      parameters,
    );
  }
}

/**
 * Computes and stores the summary of a project's cascade, inside the caller's transaction: called by every
 * write that changes what the summary is computed from (the cascade's save, submission and review; the
 * submission and review of a progress report, which decide the project's latest delivered one).
 */
export async function refreshStrategySummary(manager: EntityManager, projectId: number): Promise<void> {
  const cascade = await cascadeOfProject(manager, projectId);
  if (!cascade) return;
  const summary = (await summariesFromRows(manager, [cascade])).get(cascade.strategyId) as CascadeSummary;
  await storeSummaries(manager, [
    { strategyId: cascade.strategyId, version: cascade.basis.strategyVersion, text: serializeSummary(summary) },
  ]);
}

/** The project's cascade with what its summary is computed from now; null when it has none. */
export async function cascadeOfProject(manager: EntityManager, projectId: number): Promise<CascadeRef | null> {
  const [row] = await sql<Row>(manager, OF_PROJECT, { projectId, delivered: DELIVERED_REPORT_STATUSES });
  return row ? { strategyId: int(row.strategy_id), basis: basisOf(row) } : null;
}

export interface StrategyData {
  groups: Map<string, Map<string, Tally>>;
  multiCountedProjects: number;
  multiCountedMeasures: number;
  /** The summaries computed from the rows because none stored was current: to be stored. */
  refreshed: StoredSummary[];
}

/**
 * Sums the programme's accepted cascades per total, round, Land, field, quality and guideline, each from its
 * stored summary when that is current, else from its rows. `fromRows`: every cascade from its rows (the
 * reference the stored summaries are checked against; nothing to store then). `pageSize`: cascades per page
 * (tests).
 */
export async function strategyData(
  manager: EntityManager,
  programmeId: number,
  options: { fromRows?: boolean; pageSize?: number } = {},
): Promise<StrategyData> {
  const statesOf = await statesOfProjects(manager, { programmeId });
  const totals = new SummaryTotals();
  const refreshed: StoredSummary[] = [];
  const limit = options.pageSize ?? PAGE;
  const parameters = { programmeId, delivered: DELIVERED_REPORT_STATUSES, limit };
  for (let after = 0, more = true; more;) {
    const rows = await sql<Row>(manager, ACCEPTED, { ...parameters, after });
    const page = rows.map((row) => {
      const basis = basisOf(row);
      const stored = row.rollup_summary;
      const current = !options.fromRows && typeof stored === 'string' && stored.startsWith(summaryPrefix(basis));
      return {
        strategyId: int(row.strategy_id),
        projectId: int(row.project_id),
        round: String(int(row.round_number)),
        basis,
        stored,
        current,
      };
    });
    const computed = await summariesFromRows(
      manager,
      page.filter((c) => !c.current),
    );
    for (const c of page) {
      let summary = c.current ? parseSummary(c.stored as string) : (computed.get(c.strategyId) as CascadeSummary);
      if (!summary) summary = (await summariesFromRows(manager, [c])).get(c.strategyId) as CascadeSummary; // not JSON after all
      totals.add(summary, c.round, statesOf.get(c.projectId) ?? []);
      // Kept as text until stored: a migrated database hands back every cascade's (≈ 1.6 KB each, its arrays ≈ 3 times that).
      if (!c.current && !options.fromRows)
        refreshed.push({ strategyId: c.strategyId, version: c.basis.strategyVersion, text: serializeSummary(summary) });
    }
    more = rows.length === limit;
    after = page.at(-1)?.strategyId ?? after;
  }
  return {
    groups: totals.groups,
    multiCountedProjects: totals.multiCountedProjects,
    multiCountedMeasures: totals.multiCountedMeasures,
    refreshed,
  };
}
