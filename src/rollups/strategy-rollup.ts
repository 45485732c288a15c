import { VocabularyTerm } from '../vocabularies/vocabulary-term.entity';
import type { Group } from './rollup-content';
import { int } from './rollup-content';
import { sql } from './rollup-sql';
import type { RollupSource } from './rollup-source';
import { dimensionGroups, STATE_NOTE } from './rollup-source';
import type { StrategyFigures, StrategyRollupContent } from './strategy-rollup-content';
import type { StoredSummary, Tally } from './strategy-rollup-data';
import { strategyData, zeroTally } from './strategy-rollup-data';

/*
 * The strategy roll-up (issue 14): the accepted strategy cascades, per field
 * of action, quality and guideline of their measures, per round and per Land,
 * summed from one stored summary per cascade (strategy-summary.ts,
 * strategy-rollup-data.ts).
 */

export interface StrategyRollupOptions {
  /** Compute every cascade from its rows, ignoring the stored summaries (the reference they are checked against). */
  fromRows?: boolean;
  /** Receives the summaries computed from the rows because none stored was current, for the caller to store. */
  refreshed?: StoredSummary[];
  /** Cascades read per page (tests: several pages on a small portfolio). */
  pageSize?: number;
}

export const FIELD_NOTE =
  'A measure tagged with several fields of action counts in full in each of them, and a project in every field one of its measures is tagged with, so the fields add up to more than the total (notes.multiCountedProjects, notes.multiCountedMeasures); a field counts the indicators of the goals its measures serve. Only accepted cascades count.';
export const QUALITY_NOTE =
  'A measure counts in full under every quality it addresses, so the qualities add up to more than the total; a quality counts the indicators of the goals its measures serve.';
export const GUIDELINE_NOTE =
  'A measure counts in full under every guideline it addresses, so the guidelines add up to more than the total; a guideline counts the indicators of the goals its measures serve.';

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

export async function strategyRollup(source: RollupSource, options: StrategyRollupOptions = {}): Promise<StrategyRollupContent> {
  const { manager, programme, today } = source;
  const data = await strategyData(manager, programme.id, { fromRows: options.fromRows, pageSize: options.pageSize });
  options.refreshed?.push(...data.refreshed);
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
