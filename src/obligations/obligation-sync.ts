import type { EntityManager } from 'typeorm';
import { insertRows } from '../database/bulk-insert';
import { Report } from '../reports/report.entity';
import type { ReportingPlan } from '../reports/reporting-calendar';
import { planObligations } from './obligation-plan';
import { obligationInputs, projectIdsCondition } from './obligation-source';
import { type ObligationState, ReportingObligation } from './reporting-obligation.entity';
import type { WorkingDays } from './working-days';

const BATCH = 500;

const key = (projectId: number, type: string, period: string) => `${projectId}|${type}|${period}`;

/** submitted / accepted per obligation key, from the reports. */
async function deliveredStates(manager: EntityManager, projectIds?: readonly number[]): Promise<Map<string, ObligationState>> {
  const reports = await manager
    .getRepository(Report)
    .createQueryBuilder('r')
    .select(['r.projectId', 'r.type', 'r.period', 'r.status'])
    .where(projectIdsCondition('r.project_id', projectIds))
    .andWhere("r.status IN ('submitted', 'accepted')")
    .getMany();
  return new Map(reports.map((r) => [key(r.projectId, r.type, r.period), r.status as ObligationState]));
}

/**
 * Brings the obligation rows of some (or all) projects in line with their
 * commitments, status, reports and the calendar settings: missing ones are
 * added, due dates and states corrected, open ones no longer owed removed;
 * waived, submitted and accepted ones are kept. Returns how many rows changed.
 */
export async function syncObligations(
  manager: EntityManager,
  plan: ReportingPlan,
  days: WorkingDays,
  projectIds?: readonly number[],
): Promise<number> {
  const wanted = new Map<string, Omit<ReportingObligation, 'id' | 'state' | 'waivedReason' | 'waivedById' | 'createdAt' | 'updatedAt'>>();
  for (const [projectId, input] of await obligationInputs(manager, projectIds)) {
    for (const p of planObligations(input, plan, days)) wanted.set(key(projectId, p.type, p.period), { projectId, ...p });
  }
  const repo = manager.getRepository(ReportingObligation);
  const existing = await repo.createQueryBuilder('o').where(projectIdsCondition('o.project_id', projectIds)).getMany();
  const delivered = await deliveredStates(manager, projectIds);
  // Rows whose dates or state moved, grouped by their new values: a calendar change moves many rows to the same dates.
  const moved = new Map<string, { values: Pick<ReportingObligation, 'legalDueDate' | 'dueDate' | 'state'>; ids: number[] }>();
  const stale: number[] = [];
  for (const row of existing) {
    const k = key(row.projectId, row.type, row.period);
    const want = wanted.get(k);
    wanted.delete(k);
    const state: ObligationState = row.state === 'waived' ? 'waived' : (delivered.get(k) ?? 'open');
    if (!want) {
      if (state === 'open') stale.push(row.id);
      continue;
    }
    if (want.legalDueDate !== row.legalDueDate || want.dueDate !== row.dueDate || state !== row.state) {
      const group = `${want.legalDueDate}|${want.dueDate}|${state}`;
      const entry = moved.get(group) ?? { values: { legalDueDate: want.legalDueDate, dueDate: want.dueDate, state }, ids: [] };
      entry.ids.push(row.id);
      moved.set(group, entry);
    }
  }
  let changes = 0;
  for (const { values, ids } of moved.values()) {
    for (let i = 0; i < ids.length; i += BATCH) await repo.update(ids.slice(i, i + BATCH), values);
    changes += ids.length;
  }
  for (let i = 0; i < stale.length; i += BATCH) await repo.delete(stale.slice(i, i + BATCH));
  const fresh = [...wanted].map(([k, o]) => ({ ...o, state: delivered.get(k) ?? ('open' as ObligationState) }));
  // A row another process added meanwhile (two API instances syncing at start-up) is theirs: skipped, not an error.
  await insertRows(manager, ReportingObligation, fresh, { skipConflicts: true });
  return changes + stale.length + fresh.length;
}

type Run = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

/** Every project's obligations, 1 000 projects per transaction (start-up, synthetic portfolios). */
export async function syncAllObligations(run: Run, plan: ReportingPlan, days: WorkingDays): Promise<number> {
  const rows: { id: unknown }[] = await run((manager) => manager.query('SELECT id FROM project ORDER BY id'));
  const ids = rows.map((r) => Number(r.id));
  let changed = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    changed += await run((manager) => syncObligations(manager, plan, days, chunk));
  }
  return changed;
}
