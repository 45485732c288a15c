import type { EntityManager } from 'typeorm';

/**
 * The Länder of each project, in code order: of the given projects, or of every project of a programme.
 * Projects without a Land are absent from the map (callers default to []).
 */
export async function statesOfProjects(
  manager: EntityManager,
  scope: { projectIds: readonly number[] } | { programmeId: number },
): Promise<Map<number, string[]>> {
  const statesOf = new Map<number, string[]>();
  if ('projectIds' in scope && scope.projectIds.length === 0) return statesOf;
  const qb = manager
    .createQueryBuilder()
    .select('ps.project_id', 'project_id')
    .addSelect('ps.state_code', 'code')
    .from('project_state', 'ps')
    .orderBy('ps.project_id', 'ASC')
    .addOrderBy('ps.state_code', 'ASC');
  if ('projectIds' in scope) qb.where('ps.project_id IN (:...ids)', { ids: [...scope.projectIds] });
  else qb.innerJoin('project', 'p', 'p.id = ps.project_id').where('p.programme_id = :programmeId', { programmeId: scope.programmeId });
  for (const row of await qb.getRawMany<{ project_id: unknown; code: string }>()) {
    const id = Number(row.project_id);
    const list = statesOf.get(id);
    if (list) list.push(row.code);
    else statesOf.set(id, [row.code]);
  }
  return statesOf;
}
