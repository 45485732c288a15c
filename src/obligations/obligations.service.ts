import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { ProjectAccessService } from '../projects/project-access.service';
import { obligationNotFound, obligationNotOpen } from './obligation.errors';
import type { ObligationDto, ObligationListDto, WaiveObligationDto } from './obligation.dto';
import { projectIdsCondition } from './obligation-source';
import { syncObligations } from './obligation-sync';
import { ReportingObligation } from './reporting-obligation.entity';
import { WorkingDays } from './working-days';

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

/** Reporting obligations as rows: kept in step (see syncObligations), listed, waived. */
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
  sync(manager: EntityManager, projectIds?: readonly number[]): Promise<number> {
    return syncObligations(manager, this.config.reporting, this.workingDays, projectIds);
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
}
