import type { EntityManager } from 'typeorm';
import { PermanentJobError } from '../jobs/job-catalogue';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';
import { type Group, int } from './rollup-content';
import { sql } from './rollup-sql';

/** What both roll-ups read first, inside the same snapshot as their figures. */
export interface RollupSource {
  manager: EntityManager;
  programme: Programme;
  /** The clock's now when the rows were read, and its date (UTC). */
  dataAsOf: Date;
  today: string;
  rounds: FundingRound[];
  categories: Category[];
  states: State[];
  /** Projects linked to more than one Land (each counts in full in every one of them). */
  multiLandProjectCount: number;
}

export const STATE_NOTE =
  'A project that spans several Länder counts in full in each of them, so the Länder add up to more than the total; rounds and categories add up to it exactly.';

export async function readSource(manager: EntityManager, dataAsOf: Date): Promise<RollupSource> {
  const programme = await manager
    .getRepository(Programme)
    .createQueryBuilder('g')
    .orderBy('g.synthetic', 'ASC')
    .addOrderBy('g.id', 'ASC')
    .getOne();
  if (!programme) throw new PermanentJobError('no programme is seeded: start the API once (SEED_ON_START) or run `npm run seed`');
  // One after the other: a transaction is one connection, and the order keeps runs reproducible.
  const rounds = await manager.getRepository(FundingRound).find({ where: { programmeId: programme.id }, order: { number: 'ASC' } });
  const categories = await manager.getRepository(Category).find({ order: { sortOrder: 'ASC' } });
  const states = await manager.getRepository(State).find({ order: { code: 'ASC' } });
  const multi = await sql<{ n: unknown }>(
    manager,
    `SELECT COUNT(*) AS n FROM (
       SELECT ps.project_id FROM project_state ps JOIN project p ON p.id = ps.project_id
       WHERE p.programme_id = :programmeId GROUP BY ps.project_id HAVING COUNT(*) > 1) m`,
    { programmeId: programme.id },
  );
  return {
    manager,
    programme,
    dataAsOf,
    today: dataAsOf.toISOString().slice(0, 10),
    rounds,
    categories,
    states,
    multiLandProjectCount: int(multi[0]?.n),
  };
}

/**
 * Every round, category and Land of the source as a group, in their natural
 * order, with the figures the query found for it or zeros: a group with no
 * rows still appears, so snapshots compare group by group.
 */
export function dimensionGroups<F>(
  source: RollupSource,
  rows: Map<string, Map<string, F>>,
  zero: () => F,
): { round: Group<F>[]; category: Group<F>[]; state: Group<F>[] } {
  const pick = (grouping: string, key: string, label: string): Group<F> => ({
    key,
    label,
    ...(rows.get(grouping)?.get(key) ?? zero()),
  });
  return {
    round: source.rounds.map((r) => pick('round', String(r.number), `Staffel ${r.number} (${r.year})`)),
    category: source.categories.map((c) => pick('category', c.code, c.name)),
    state: source.states.map((s) => pick('state', s.code, s.name)),
  };
}
