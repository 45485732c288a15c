import type { EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql-rows';

/**
 * The Länder of each project, in code order: of the given projects, or of every project of a programme.
 * Projects without a Land are absent from the map (callers default to []). Rows as arrays (sqlRows): a roll-up
 * of 100 000 projects reads 100 000 of them.
 */
export async function statesOfProjects(
  manager: EntityManager,
  scope: { projectIds: readonly number[] } | { programmeId: number },
): Promise<Map<number, string[]>> {
  const statesOf = new Map<number, string[]>();
  if ('projectIds' in scope && scope.projectIds.length === 0) return statesOf;
  const rows =
    'projectIds' in scope
      ? await sqlRows(
          manager,
          'SELECT ps.project_id, ps.state_code FROM project_state ps WHERE ps.project_id IN (:...ids) ORDER BY ps.project_id, ps.state_code',
          { ids: [...scope.projectIds] },
        )
      : await sqlRows(
          manager,
          `SELECT ps.project_id, ps.state_code FROM project_state ps INNER JOIN project p ON p.id = ps.project_id
           WHERE p.programme_id = :programmeId ORDER BY ps.project_id, ps.state_code`,
          { programmeId: scope.programmeId },
        );
  for (const [projectId, code] of rows) {
    const id = Number(projectId);
    const list = statesOf.get(id);
    if (list) list.push(String(code));
    else statesOf.set(id, [String(code)]);
  }
  return statesOf;
}
