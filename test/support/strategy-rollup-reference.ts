import { DELIVERED_REPORT_STATUSES } from '../../src/reports/report.entity';
import { VocabularyTerm } from '../../src/vocabularies/vocabulary-term.entity';
import type { Group } from '../../src/rollups/rollup-content';
import { int } from '../../src/rollups/rollup-content';
import { isPostgres, sql } from '../../src/rollups/rollup-sql';
import type { RollupSource } from '../../src/rollups/rollup-source';
import { dimensionGroups, STATE_NOTE } from '../../src/rollups/rollup-source';
import type { StrategyFigures, StrategyRollupContent } from '../../src/rollups/strategy-rollup-content';
import { zeroTally } from '../../src/rollups/strategy-rollup-data';
import { STRATEGY_ROLLUP_SQL } from './strategy-rollup-sql-reference';

/*
 * REFERENCE ONLY (test/strategy-rollup-reference.e2e-spec.ts compares the current roll-up with it):
 * the strategy roll-up (issue 14) as it was: the accepted strategy cascades, per field
 * of action, quality and guideline of their measures, per round and per Land,
 * summed in one SQL statement (strategy-rollup-sql.ts).
 */

const FIELD_NOTE =
  'A measure tagged with several fields of action counts in full in each of them, and a project in every field one of its measures is tagged with, so the fields add up to more than the total (notes.multiCountedProjects, notes.multiCountedMeasures); a field counts the indicators of the goals its measures serve. Only accepted cascades count.';
const QUALITY_NOTE =
  'A measure counts in full under every quality it addresses, so the qualities add up to more than the total; a quality counts the indicators of the goals its measures serve.';
const GUIDELINE_NOTE =
  'A measure counts in full under every guideline it addresses, so the guidelines add up to more than the total; a guideline counts the indicators of the goals its measures serve.';

type Row = Record<string, unknown>;
type Tally = Omit<StrategyFigures, 'indicatorsUnknown' | 'attainmentAvgBp'> & { attainmentSum: number };

function add(tally: Tally, row: Row): void {
  if (row.part === 'm') {
    tally.measureCount = int(row.measures);
    tally.measuresDone = int(row.done);
    tally.measuresRunning = int(row.running);
    tally.measuresPlanned = int(row.planned);
    tally.measuresStopped = int(row.stopped);
    tally.plannedCostCents = int(row.cost);
    tally.plannedFederalCents = int(row.federal);
    tally.measuresCostUnknown = int(row.cost_unknown);
    tally.reportedSpendCents = int(row.spend);
    tally.measuresSpendUnknown = int(row.spend_unknown);
    // Fields, qualities and guidelines count their projects with the measures; rounds, Länder and the total from part p.
    if (row.projects !== null && row.projects !== undefined) tally.projectCount = int(row.projects);
  } else if (row.part === 'i') {
    tally.indicatorCount = int(row.indicators);
    tally.indicatorsMeasured = int(row.measured);
    tally.attainmentSum = Number(row.att_sum ?? 0);
  } else if (row.part === 'p') {
    tally.projectCount = int(row.projects);
  }
}

function figures(tally: Tally): StrategyFigures {
  const { attainmentSum, ...rest } = tally;
  return {
    ...rest,
    indicatorsUnknown: tally.indicatorCount - tally.indicatorsMeasured,
    attainmentAvgBp: tally.indicatorsMeasured ? Math.round((attainmentSum * 10_000) / tally.indicatorsMeasured) : null,
  };
}

/** The rows by grouping and key, each a figure set. */
function byGroup(rows: Row[]): Map<string, Map<string, StrategyFigures>> {
  const tallies = new Map<string, Map<string, Tally>>();
  for (const row of rows) {
    if (row.part === 'x') continue;
    const grouping = String(row.grp);
    const key = String(row.grp_key);
    if (!tallies.has(grouping)) tallies.set(grouping, new Map());
    const group = tallies.get(grouping) as Map<string, Tally>;
    if (!group.has(key)) group.set(key, zeroTally());
    add(group.get(key) as Tally, row);
  }
  return new Map([...tallies].map(([grouping, group]) => [grouping, new Map([...group].map(([k, t]) => [k, figures(t)]))]));
}

const zero = (): StrategyFigures => figures(zeroTally());

export async function strategyRollupReference(source: RollupSource): Promise<StrategyRollupContent> {
  const { manager, programme, today } = source;
  const rows = await sql<Row>(manager, STRATEGY_ROLLUP_SQL(isPostgres(manager)), {
    programmeId: programme.id,
    delivered: DELIVERED_REPORT_STATUSES,
  });
  const terms = await manager.getRepository(VocabularyTerm).find({ order: { kind: 'ASC', position: 'ASC', id: 'ASC' } });
  const projectRows = await sql<{ n: unknown }>(manager, 'SELECT COUNT(*) AS n FROM project WHERE programme_id = :programmeId', {
    programmeId: programme.id,
  });
  const groups = byGroup(rows);
  const vocabularyGroups = (kind: 'fieldOfAction' | 'quality' | 'guideline'): Group<StrategyFigures>[] =>
    terms.filter((t) => t.kind === kind).map((t) => ({ key: t.code, label: t.label, ...(groups.get(kind)?.get(t.code) ?? zero()) }));
  const { round, state } = dimensionGroups(source, groups, zero);
  const totals = groups.get('total')?.get('') ?? zero();
  const extra = (grp: string) => rows.find((r) => r.part === 'x' && r.grp === grp);

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
      multiCountedProjects: int(extra('projects')?.projects),
      multiCountedMeasures: int(extra('measures')?.measures),
      multiLandProjectCount: source.multiLandProjectCount,
    },
  };
}
