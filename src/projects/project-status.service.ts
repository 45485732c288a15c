import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { PortfolioCache } from '../common/public-cache.interceptor';
import { addDays } from '../common/dates';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { toCents } from '../database/money';
import { TransactionService } from '../database/transaction.service';
import { Commitment } from '../funding/commitment.entity';
import { ObligationsService } from '../obligations/obligations.service';
import { ProjectAccessService } from './project-access.service';
import { lockedProject } from './project-lock';
import type {
  ChangeProjectStatusDto,
  ConfirmGrantDto,
  ProjectGrantDto,
  ProjectStatusChangeDto,
  ProjectStatusHistoryDto,
} from './project-record.dto';
import { ProjectStatusChange } from './project-status-change.entity';
import {
  grantBelowCommitted,
  statusBeforeAward,
  statusBeforePrevious,
  statusTooFarAhead,
  statusTransition,
  statusUnchanged,
} from './project.errors';
import { Project } from './project.entity';

const changeDto = (c: ProjectStatusChange): ProjectStatusChangeDto => ({
  id: c.id,
  projectId: c.projectId,
  fromStatus: c.fromStatus,
  toStatus: c.toStatus,
  effectiveDate: c.effectiveDate,
  reason: c.reason,
  createdById: c.createdById,
  createdAt: c.createdAt.toISOString(),
});

/**
 * What officers decide about a project beyond its money: its status with the
 * date it takes effect (active → completed / withdrawn and back) and its
 * grant (confirmed or corrected, with a source). Both audited; the project's
 * reporting obligations follow at once.
 */
@Injectable()
export class ProjectStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ProjectAccessService,
    private readonly clock: Clock,
    private readonly obligations: ObligationsService,
    private readonly cache: PortfolioCache,
  ) {}

  /** Status and grant are in the public portfolio: its cached answers go once the change is committed. */
  private async thenClearPortfolio<T>(work: Promise<T>): Promise<T> {
    const result = await work;
    this.cache.clear();
    return result;
  }

  change(actor: Actor, projectId: number, dto: ChangeProjectStatusDto): Promise<ProjectStatusChangeDto> {
    return this.thenClearPortfolio(this.changeInTransaction(actor, projectId, dto));
  }

  private changeInTransaction(actor: Actor, projectId: number, dto: ChangeProjectStatusDto): Promise<ProjectStatusChangeDto> {
    return this.transactions.run(async (manager) => {
      const project = await lockedProject(this.access, actor, projectId, manager);
      if (dto.status === project.status) throw statusUnchanged(project.status);
      if (project.status !== 'active' && dto.status !== 'active') throw statusTransition(project.status, dto.status);
      await this.checkEffectiveDate(manager, project, dto.effectiveDate);

      const repo = manager.getRepository(ProjectStatusChange);
      const { identifiers } = await repo.insert({
        projectId,
        fromStatus: project.status,
        toStatus: dto.status,
        effectiveDate: dto.effectiveDate,
        reason: dto.reason.trim(),
        createdById: actor.userId,
      });
      await manager.getRepository(Project).update({ id: projectId }, { status: dto.status });
      const row = changeDto(await repo.findOneByOrFail({ id: identifiers[0].id as number }));
      await this.audit.record(manager, actor, {
        action: 'project.status.change',
        entityType: 'project',
        entityId: projectId,
        before: { status: project.status },
        after: row,
      });
      await this.obligations.syncProject(manager, projectId);
      return row;
    });
  }

  async history(actor: Actor, projectId: number): Promise<ProjectStatusHistoryDto> {
    const project = await this.access.visibleProject(actor, projectId);
    const rows = await this.transactions.snapshot((manager) =>
      manager.getRepository(ProjectStatusChange).find({ where: { projectId }, order: { id: 'ASC' } }),
    );
    return { status: project.status, items: rows.map(changeDto) };
  }

  confirmGrant(actor: Actor, projectId: number, dto: ConfirmGrantDto): Promise<ProjectGrantDto> {
    return this.thenClearPortfolio(this.confirmGrantInTransaction(actor, projectId, dto));
  }

  private confirmGrantInTransaction(actor: Actor, projectId: number, dto: ConfirmGrantDto): Promise<ProjectGrantDto> {
    return this.transactions.run(async (manager) => {
      const project = await lockedProject(this.access, actor, projectId, manager);
      const committed = toCents(await manager.getRepository(Commitment).sum('amountCents', { projectId }));
      if (dto.grantCents < committed) throw grantBelowCommitted(dto.grantCents, committed);
      const after = { grantCents: dto.grantCents, grantUncertain: dto.uncertain ?? false, source: dto.source.trim() };
      await manager.getRepository(Project).update({ id: projectId }, after);
      const result = { projectId, ...after, previousGrantCents: project.grantCents };
      await this.audit.record(manager, actor, {
        action: 'project.grant.confirm',
        entityType: 'project',
        entityId: projectId,
        before: { grantCents: project.grantCents, grantUncertain: project.grantUncertain, source: project.source },
        after: { ...after, reason: dto.reason.trim() },
      });
      return result;
    });
  }

  /** Not before the award (first commitment) nor the previous change; not further ahead than the setting allows. */
  private async checkEffectiveDate(manager: EntityManager, project: Project, date: string): Promise<void> {
    const award = await manager.getRepository(Commitment).findOne({ where: { projectId: project.id }, order: { date: 'ASC', id: 'ASC' } });
    if (award && date < award.date) throw statusBeforeAward(date, award.date);
    const previous = await manager.getRepository(ProjectStatusChange).findOne({ where: { projectId: project.id }, order: { id: 'DESC' } });
    if (previous && date < previous.effectiveDate) throw statusBeforePrevious(date, previous.effectiveDate);
    const latest = addDays(this.clock.today(), this.config.deadlines.statusFutureDays);
    if (date > latest) throw statusTooFarAhead(date, latest);
  }
}
