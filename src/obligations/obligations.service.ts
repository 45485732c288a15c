import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { ProjectAccessService } from '../projects/project-access.service';
import { Report } from '../reports/report.entity';
import { obligationNotFound, obligationNotOpen } from './obligation.errors';
import type { ObligationDto, ObligationListDto, WaiveObligationDto } from './obligation.dto';
import { planObligations } from './obligation-plan';
import { obligationInputs, projectIdsCondition } from './obligation-source';
import { type ObligationState, ReportingObligation } from './reporting-obligation.entity';
import { WorkingDays } from './working-days';

const BATCH = 500;

export const obligationDto = (o: ReportingObligation): ObligationDto => ({
  id: o.id,
  projectId: o.projectId,
  type: o.type,
  period: o.period,
  legalDueDate: o.legalDueDate,
  dueDate: o.dueDate,
  state: o.state,
  waivedReason: o.waivedReason,
});

const key = (projectId: number, type: string, period: string) => `${projectId}|${type}|${period}`;

/**
 * Reporting obligations as rows. `sync` brings the rows of some (or all)
 * projects in line with their commitments, status, reports and the calendar
 * settings: missing ones are added, due dates corrected, open ones no longer
 * owed removed; waived, submitted and accepted ones are kept.
 */
@Injectable()
export class ObligationsService {
  readonly workingDays: WorkingDays;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly access: ProjectAccessService,
    private readonly audit: AuditService,
  ) {
    this.workingDays = new WorkingDays(config.deadlines.workingDays);
  }

  syncProject(manager: EntityManager, projectId: number): Promise<number> {
    return this.sync(manager, [projectId]);
  }

  /** Returns how many rows were added, changed or removed. */
  async sync(manager: EntityManager, projectIds?: readonly number[]): Promise<number> {
    const inputs = await obligationInputs(manager, projectIds);
    const wanted = new Map<string, ReportingObligation>();
    for (const [projectId, input] of inputs) {
      for (const p of planObligations(input, this.config.reporting, this.workingDays)) {
        wanted.set(key(projectId, p.type, p.period), { projectId, ...p } as ReportingObligation);
      }
    }
    const repo = manager.getRepository(ReportingObligation);
    const existing = await repo.createQueryBuilder('o').where(projectIdsCondition('o.project_id', projectIds)).getMany();
    const delivered = await this.deliveredStates(manager, projectIds);
    let changes = 0;
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
        await repo.update({ id: row.id }, { legalDueDate: want.legalDueDate, dueDate: want.dueDate, state });
        changes++;
      }
    }
    for (let i = 0; i < stale.length; i += BATCH) await repo.delete(stale.slice(i, i + BATCH));
    const fresh = [...wanted].map(([k, o]) => ({ ...o, state: delivered.get(k) ?? ('open' as ObligationState) }));
    for (let i = 0; i < fresh.length; i += BATCH) await repo.insert(fresh.slice(i, i + BATCH));
    return changes + stale.length + fresh.length;
  }

  async list(actor: Actor, projectId: number): Promise<ObligationListDto> {
    await this.access.visibleProject(actor, projectId);
    const rows = await this.transactions.snapshot((manager) =>
      manager.getRepository(ReportingObligation).find({ where: { projectId }, order: { dueDate: 'ASC', type: 'ASC', period: 'ASC' } }),
    );
    return { items: rows.map(obligationDto) };
  }

  waive(actor: Actor, id: number, dto: WaiveObligationDto): Promise<ObligationDto> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(ReportingObligation);
      const row = await repo.findOneBy({ id });
      if (!row || !(await this.access.canSee(actor, row.projectId, manager))) throw obligationNotFound(id);
      if (row.state !== 'open') throw obligationNotOpen(id, row.state);
      const before = obligationDto(row);
      await repo.update({ id }, { state: 'waived', waivedReason: dto.reason.trim(), waivedById: actor.userId });
      const after = obligationDto(await repo.findOneByOrFail({ id }));
      await this.audit.record(manager, actor, { action: 'obligation.waive', entityType: 'obligation', entityId: id, before, after });
      return after;
    });
  }

  /** The Land whose holidays count for each project: its lead's, or (no lead) the first of its Länder. */
  async landsOf(projectIds: readonly number[]): Promise<Map<number, string | null>> {
    const rows: { id: unknown; land: string | null }[] = await this.transactions.snapshot((manager) =>
      manager.query(
        `SELECT p.id, COALESCE(b.state_code, (SELECT MIN(ps.state_code) FROM project_state ps WHERE ps.project_id = p.id)) AS land
           FROM project p LEFT JOIN body b ON b.id = p.lead_body_id WHERE ${projectIdsCondition('p.id', projectIds)}`,
      ),
    );
    return new Map(rows.map((r) => [Number(r.id), r.land]));
  }

  /** submitted / accepted per obligation key, from the reports. */
  private async deliveredStates(manager: EntityManager, projectIds?: readonly number[]): Promise<Map<string, ObligationState>> {
    const reports = await manager
      .getRepository(Report)
      .createQueryBuilder('r')
      .select(['r.projectId', 'r.type', 'r.period', 'r.status'])
      .where(projectIdsCondition('r.project_id', projectIds))
      .andWhere("r.status IN ('submitted', 'accepted')")
      .getMany();
    return new Map(reports.map((r) => [key(r.projectId, r.type, r.period), r.status as ObligationState]));
  }
}
