import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toCents } from '../database/money';
import { TransactionService } from '../database/transaction.service';
import { ProjectAccessService } from '../projects/project-access.service';
import { Project } from '../projects/project.entity';
import { DELIVERED_REPORT_STATUSES } from '../reports/report.entity';
import { Commitment } from './commitment.entity';
import { Disbursement } from './disbursement.entity';
import { ObligationsService } from '../obligations/obligations.service';
import { FundingGuard, yearOf } from './funding-guard';
import { commitmentDto, disbursementDto, ledgerLists } from './ledger-view';
import { beforeCommitment, overBudget, overDisbursed, overDisbursedAt, overGrant } from './funding.errors';
import { undrawnFrom } from './ledger-rules';
import {
  CommitmentDto,
  CreateCommitmentDto,
  CreateDisbursementDto,
  DisbursementDto,
  FundingSummaryDto,
  FundingTotalsDto,
} from './funding.dto';

export type FundingTotals = FundingTotalsDto;

export const cleanNote = (note: string | undefined): string | null => note?.trim() || null;

/**
 * Commitments (Zuwendungsbescheide) and disbursements (Mittelabrufe) with the
 * rules that keep the money consistent. Every rule is checked inside the same
 * transaction that writes the row, after the rows the sums depend on are
 * locked (PostgreSQL) or while all writes wait in one queue (SQLite), so two
 * concurrent requests cannot both pass a check that only one of them may.
 */
@Injectable()
export class FundingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ProjectAccessService,
    private readonly guard: FundingGuard,
    private readonly obligations: ObligationsService,
  ) {}

  /** A project's funding: totals and the rows they are summed from, read from one snapshot so they agree. */
  summary(actor: Actor, projectId: number): Promise<FundingSummaryDto> {
    return this.transactions.snapshot(async (manager) => {
      const project = await this.access.visibleProject(actor, projectId, manager);
      const commitments = await manager.getRepository(Commitment).find({ where: { projectId }, order: { date: 'ASC', id: 'ASC' } });
      const disbursements = await manager.getRepository(Disbursement).find({ where: { projectId }, order: { date: 'ASC', id: 'ASC' } });
      const totals = (await this.totals([projectId], manager)).get(projectId) as FundingTotals;
      return {
        projectId,
        grantCents: project.grantCents,
        ...totals,
        status: project.status,
        toBeRecoveredCents: project.status === 'withdrawn' ? totals.disbursedCents : null,
        ...ledgerLists(commitments, disbursements),
      };
    });
  }

  /**
   * Funding totals per project, summed in SQL: for the given projects (each
   * present, zeros where nothing is recorded) or, without ids, for all.
   * No visibility check: callers decide what the actor may see.
   */
  async totals(projectIds?: readonly number[], manager: EntityManager = this.dataSource.manager): Promise<Map<number, FundingTotals>> {
    const result = new Map<number, FundingTotals>();
    if (projectIds && projectIds.length === 0) return result;
    const qb = manager
      .createQueryBuilder()
      .from(Project, 'p')
      .select('p.id', 'projectId')
      .addSelect('(SELECT COALESCE(SUM(c.amount_cents), 0) FROM commitment c WHERE c.project_id = p.id)', 'committed')
      .addSelect('(SELECT COALESCE(SUM(d.amount_cents), 0) FROM disbursement d WHERE d.project_id = p.id)', 'disbursed')
      .addSelect(
        `(SELECT COALESCE(-SUM(c.amount_cents), 0) FROM commitment c WHERE c.project_id = p.id AND c.kind = 'reversal')`,
        'cReversed',
      )
      .addSelect(
        `(SELECT COALESCE(-SUM(d.amount_cents), 0) FROM disbursement d WHERE d.project_id = p.id AND d.kind = 'reversal')`,
        'dReversed',
      )
      .addSelect(
        `(SELECT COALESCE(-SUM(d.amount_cents), 0) FROM disbursement d WHERE d.project_id = p.id AND d.kind = 'repayment')`,
        'repaid',
      )
      .addSelect(
        `(SELECT COALESCE(SUM(s.amount_cents), 0) FROM report_spending s JOIN report r ON r.id = s.report_id
          WHERE r.project_id = p.id AND r.status IN (:...countedStatuses))`,
        'reported',
      )
      .setParameter('countedStatuses', DELIVERED_REPORT_STATUSES);
    if (projectIds) qb.where('p.id IN (:...projectIds)', { projectIds: [...projectIds] });
    const rows: Record<'projectId' | 'committed' | 'disbursed' | 'reported' | 'cReversed' | 'dReversed' | 'repaid', unknown>[] =
      await qb.getRawMany();
    for (const row of rows) {
      const committedCents = toCents(row.committed);
      const disbursedCents = toCents(row.disbursed);
      result.set(Number(row.projectId), {
        committedCents,
        disbursedCents,
        reversedCommitmentCents: toCents(row.cReversed),
        reversedDisbursementCents: toCents(row.dReversed),
        repaidCents: toCents(row.repaid),
        reportedSpendCents: toCents(row.reported),
        remainingCents: committedCents - disbursedCents,
      });
    }
    return result;
  }

  createCommitment(actor: Actor, projectId: number, dto: CreateCommitmentDto): Promise<CommitmentDto> {
    return this.transactions.run((manager) => this.addCommitment(actor, projectId, dto, manager));
  }

  /** createCommitment inside the caller's transaction (bulk import: many rows, one transaction); the same rules, locks and audit row. */
  async addCommitment(
    actor: Actor,
    projectId: number,
    dto: CreateCommitmentDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<CommitmentDto> {
    const project = await this.guard.lockProject(actor, projectId, manager);
    // The programme row is the lock every commitment of the programme queues on, for the budget check.
    const programme = await this.guard.loadProgramme(manager, project.programmeId, true);
    this.guard.checkWithinProgramme(programme, dto.date);
    await this.guard.checkNotWithdrawn(manager, project, dto.date);
    const budgetYear = dto.budgetYear ?? yearOf(dto.date);
    this.guard.checkBudgetYear(programme, budgetYear);

    const committed = await this.sumCents(manager, Commitment, { projectId: project.id });
    if (project.grantCents !== null && committed + dto.amountCents > project.grantCents) {
      throw overGrant(project.grantCents, committed);
    }
    const programmeCommitted = await this.sumCents(manager, Commitment, { programmeId: programme.id });
    if (programmeCommitted + dto.amountCents > programme.budgetCents) {
      throw overBudget(programme.budgetCents, programmeCommitted);
    }

    const repo = manager.getRepository(Commitment);
    const { identifiers } = await repo.insert({
      projectId: project.id,
      amountCents: dto.amountCents,
      date: dto.date,
      phase: dto.phase,
      budgetYear,
      note: cleanNote(dto.note),
      createdById: actor.userId,
      externalRef: externalRef ?? null,
    });
    const row = commitmentDto(await repo.findOneByOrFail({ id: identifiers[0].id as number }));
    await this.audit.record(manager, actor, {
      action: 'funding.commitment.create',
      entityType: 'commitment',
      entityId: row.id,
      after: row,
    });
    await this.obligations.syncProject(manager, project.id);
    return row;
  }

  createDisbursement(actor: Actor, projectId: number, dto: CreateDisbursementDto): Promise<DisbursementDto> {
    return this.transactions.run((manager) => this.addDisbursement(actor, projectId, dto, manager));
  }

  /** createDisbursement inside the caller's transaction (bulk import); the same rules, locks and audit row. */
  async addDisbursement(
    actor: Actor,
    projectId: number,
    dto: CreateDisbursementDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<DisbursementDto> {
    // The project row is the lock every disbursement (and commitment) of the project queues on.
    const project = await this.guard.lockProject(actor, projectId, manager);
    const programme = await this.guard.loadProgramme(manager, project.programmeId, false);
    this.guard.checkWithinProgramme(programme, dto.date);
    this.guard.checkBudgetYear(programme, dto.budgetYear);
    this.guard.checkDrawableYear(dto.budgetYear, dto.date);

    const first = await manager.getRepository(Commitment).findOne({ where: { projectId: project.id }, order: { date: 'ASC', id: 'ASC' } });
    if (first && dto.date < first.date) {
      throw beforeCommitment(dto.date, first.date);
    }
    await this.guard.checkNotWithdrawn(manager, project, dto.date);
    // Only what is committed by the payment's date counts, and later dates must stay covered too.
    const { point, availableCents } = undrawnFrom(await this.guard.ledger(manager, project.id), dto.date);
    if (dto.amountCents > availableCents) {
      throw point.committedCents > 0 ? overDisbursedAt(point, availableCents) : overDisbursed(0, point.disbursedCents);
    }

    const repo = manager.getRepository(Disbursement);
    const { identifiers } = await repo.insert({
      projectId: project.id,
      amountCents: dto.amountCents,
      date: dto.date,
      budgetYear: dto.budgetYear,
      note: cleanNote(dto.note),
      createdById: actor.userId,
      externalRef: externalRef ?? null,
    });
    const row = disbursementDto(await repo.findOneByOrFail({ id: identifiers[0].id as number }));
    await this.audit.record(manager, actor, {
      action: 'funding.disbursement.create',
      entityType: 'disbursement',
      entityId: row.id,
      after: row,
    });
    return row;
  }

  /** Σ amount_cents of a project's commitments or disbursements, or of all commitments of a programme. */
  private async sumCents(
    manager: EntityManager,
    entity: typeof Commitment | typeof Disbursement,
    scope: { projectId: number } | { programmeId: number },
  ): Promise<number> {
    const qb = manager.createQueryBuilder().from(entity, 'x').select('COALESCE(SUM(x.amount_cents), 0)', 'sum');
    if ('projectId' in scope) qb.where('x.project_id = :projectId', scope);
    else qb.innerJoin(Project, 'p', 'p.id = x.project_id').where('p.programme_id = :programmeId', scope);
    return toCents((await qb.getRawOne<{ sum: unknown }>())?.sum);
  }
}
