import type { EntityManager } from 'typeorm';
import { isoDate } from '../common/dates';
import type { ProjectPhase, ProjectStatus } from '../projects/project.entity';
import type { ObligationInput } from './obligation-plan';

/** Raw reads for the obligation sync: a handful of set queries whatever the number of projects. */

const ids = (column: string, projectIds: readonly number[] | undefined) =>
  projectIds ? `${column} IN (${projectIds.map((id) => Number(id)).join(',') || 'NULL'})` : '1 = 1';

/** A project's first commitment in one phase, as `SELECT project_id, phase, MIN(date) AS first … GROUP BY project_id, phase` reads it. */
interface AwardRow {
  project_id: unknown;
  phase: ProjectPhase;
  first: unknown;
}

/** Per project: award dates, status and since when, Land, programme end. Only projects with a commitment. */
export async function obligationInputs(manager: EntityManager, projectIds?: readonly number[]): Promise<Map<number, ObligationInput>> {
  const awards: AwardRow[] = await manager.query(
    `SELECT c.project_id, c.phase, MIN(c.date) AS first FROM commitment c
      WHERE c.kind = 'commitment' AND ${ids('c.project_id', projectIds)} GROUP BY c.project_id, c.phase`,
  );
  const inputs = new Map<number, ObligationInput>();
  if (awards.length === 0) return inputs;
  const awarded = [...new Set(awards.map((a) => Number(a.project_id)))];
  const projects: { id: unknown; status: ProjectStatus; lead_land: string | null; any_land: string | null; ends_on: unknown }[] =
    await manager.query(
      `SELECT p.id, p.status, b.state_code AS lead_land,
              (SELECT MIN(ps.state_code) FROM project_state ps WHERE ps.project_id = p.id) AS any_land, g.ends_on
         FROM project p JOIN programme g ON g.id = p.programme_id LEFT JOIN body b ON b.id = p.lead_body_id
        WHERE ${ids('p.id', awarded)}`,
    );
  const changes: { project_id: unknown; effective_date: unknown }[] = await manager.query(
    `SELECT s.project_id, s.effective_date FROM project_status_change s
      WHERE ${ids('s.project_id', awarded)} ORDER BY s.project_id, s.id`,
  );
  const since = new Map<number, string>();
  for (const c of changes) since.set(Number(c.project_id), isoDate(c.effective_date));
  for (const p of projects) {
    inputs.set(Number(p.id), {
      firstByPhase: {},
      status: p.status,
      statusSince: since.get(Number(p.id)) ?? null,
      land: p.lead_land ?? p.any_land,
      programmeEndsOn: isoDate(p.ends_on),
    });
  }
  for (const award of awards) {
    const input = inputs.get(Number(award.project_id));
    if (input) input.firstByPhase[award.phase] = isoDate(award.first);
  }
  return inputs;
}

export { ids as projectIdsCondition };
