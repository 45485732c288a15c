import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { isUniqueViolation } from '../database/unique-violation';
import { Commitment } from '../funding/commitment.entity';
import { ValidationFailed } from '../common/errors/domain-error';
import { ProjectAccessService } from '../projects/project-access.service';
import { cascadeProblems } from './report-cascade.store';
import {
  commitmentMissing,
  duplicateReport,
  notEditable,
  parseIfMatch,
  periodInFuture,
  periodInvalid,
  versionConflict,
} from './report.errors';
import { CreateReportInput, UpdateReportInput } from './report-input.dto';
import { ListReportsQuery, ReportDto, ReportSort } from './report.dto';
import { Report, type ReportType } from './report.entity';
import { EDITABLE_STATUSES, ReportStore } from './report.store';
import {
  isProofOfUse,
  parsePeriod,
  periodContaining,
  periodDueDate,
  periodProblem,
  PROOF_OF_USE,
  proofOfUseDueDate,
} from './reporting-calendar';

const ORDER: Record<ReportSort, [string, 'ASC' | 'DESC']> = {
  dueDate: ['r.dueDate', 'ASC'],
  '-dueDate': ['r.dueDate', 'DESC'],
  period: ['r.period', 'ASC'],
  '-period': ['r.period', 'DESC'],
  id: ['r.id', 'ASC'],
  '-id': ['r.id', 'DESC'],
};

/** Drafting and editing reports, and reading them. Submission and review: ReportWorkflowService. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ProjectAccessService,
    private readonly store: ReportStore,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, projectId: number, input: CreateReportInput): Promise<ReportDto> {
    const type = input.type ?? 'progress';
    try {
      return await this.transactions.run(async (manager) => {
        await this.access.visibleProject(actor, projectId, manager);
        const problem = periodProblem(type, input.period, this.config.reporting.cadence);
        if (problem) throw periodInvalid(problem);
        const dueDate = await this.dueDate(manager, projectId, type, input.period);
        await this.checkCascade(manager, projectId, input);
        const reports = manager.getRepository(Report);
        if (await reports.existsBy({ projectId, type, period: input.period })) throw duplicateReport(type, input.period);
        const { identifiers } = await reports.insert({
          projectId,
          period: input.period,
          type,
          status: 'draft',
          version: 1,
          dueDate,
          narrative: input.narrative ?? null,
          overallStatus: input.overallStatus ?? null,
          overallStatusReason: input.overallStatusReason ?? null,
          createdById: actor.userId,
        });
        const id = identifiers[0].id as number;
        await this.store.replaceParts(manager, id, input);
        const created = await this.store.dto(manager, await reports.findOneByOrFail({ id }));
        await this.audit.record(manager, actor, { action: 'report.create', entityType: 'report', entityId: id, after: created });
        return created;
      });
    } catch (error) {
      // Two concurrent drafts of one period (PostgreSQL): the index decides, the loser hears why.
      if (isUniqueViolation(error)) throw duplicateReport(type, input.period);
      throw error;
    }
  }

  /** Progress reports fall due after their period; proof-of-use reports count from the phase's award. */
  private async dueDate(manager: EntityManager, projectId: number, type: ReportType, period: string): Promise<string> {
    const { cadence, dueMonthsAfterPeriod } = this.config.reporting;
    if (isProofOfUse(type)) {
      const { phase } = PROOF_OF_USE[type];
      const award = await manager.getRepository(Commitment).findOne({ where: { projectId, phase }, order: { date: 'ASC', id: 'ASC' } });
      if (!award) throw commitmentMissing(type, phase);
      return proofOfUseDueDate(type, award.date);
    }
    const parsed = parsePeriod(period, cadence);
    if (!parsed) throw periodInvalid(periodProblem(type, period, cadence) as string);
    const current = periodContaining(this.clock.today(), cadence);
    if (parsed.index > current.index) throw periodInFuture(period, current.key);
    return periodDueDate(parsed, dueMonthsAfterPeriod);
  }

  /** Replaces the given parts of a draft (or a report sent back for changes), if the caller's If-Match is still current. */
  async update(actor: Actor, id: number, input: UpdateReportInput, ifMatch: string | string[] | undefined): Promise<ReportDto> {
    return this.transactions.run(async (manager) => {
      const report = await this.store.visible(manager, actor, id);
      const expected = parseIfMatch(ifMatch);
      if (!EDITABLE_STATUSES.includes(report.status)) throw notEditable(report.status);
      if (report.version !== expected) throw versionConflict(expected, report.version);
      await this.checkCascade(manager, report.projectId, input);
      const before = await this.store.dto(manager, report);
      const changes: Partial<Pick<Report, 'narrative' | 'overallStatus' | 'overallStatusReason'>> = {};
      if (input.narrative !== undefined) changes.narrative = input.narrative;
      if (input.overallStatus !== undefined) changes.overallStatus = input.overallStatus;
      if (input.overallStatusReason !== undefined) changes.overallStatusReason = input.overallStatusReason;
      const updated = await this.store.advance(manager, report, EDITABLE_STATUSES, changes);
      await this.store.replaceParts(manager, id, input);
      const after = await this.store.dto(manager, updated);
      await this.audit.record(manager, actor, { action: 'report.update', entityType: 'report', entityId: id, before, after });
      return after;
    });
  }

  /** Measures and indicators named in a report must be the project's own (400 naming each one that is not). */
  private async checkCascade(manager: EntityManager, projectId: number, input: UpdateReportInput): Promise<void> {
    const problems = await cascadeProblems(manager, projectId, input);
    if (problems.length) throw new ValidationFailed(problems);
  }

  async get(actor: Actor, id: number): Promise<ReportDto> {
    const manager = this.dataSource.manager;
    return this.store.dto(manager, await this.store.visible(manager, actor, id));
  }

  async list(actor: Actor, query: ListReportsQuery): Promise<Page<ReportDto>> {
    const manager = this.dataSource.manager;
    const qb = this.store.scoped(manager, actor);
    if (query.projectId !== undefined) qb.andWhere('r.projectId = :projectId', { projectId: query.projectId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.period) qb.andWhere('r.period = :period', { period: query.period });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    const total = await qb.getCount();
    const [column, direction] = ORDER[query.sort];
    qb.orderBy(column, direction);
    if (column !== 'r.id') qb.addOrderBy('r.id', 'ASC');
    const reports = await qb.limit(query.limit).offset(query.offset).getMany();
    return { items: await this.store.dtos(manager, reports), total, limit: query.limit, offset: query.offset };
  }
}
