import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ValidationFailed } from '../common/errors/domain-error';
import { toCents } from '../database/money';
import { TransactionService } from '../database/transaction.service';
import { Programme } from '../programme/programme.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { Project } from '../projects/project.entity';
import { DELIVERED_REPORT_STATUSES } from '../reports/report.entity';
import { Commitment } from './commitment.entity';
import { Disbursement } from './disbursement.entity';
import { beforeCommitment, dateOutsideProgramme, overBudget, overDisbursed, overGrant } from './funding.errors';
import {
  CommitmentDto,
  CreateCommitmentDto,
  CreateDisbursementDto,
  DisbursementDto,
  FundingSummaryDto,
  FundingTotalsDto,
} from './funding.dto';

export type FundingTotals = FundingTotalsDto;

const commitmentDto = (c: Commitment): CommitmentDto => ({
  id: c.id,
  projectId: c.projectId,
  amountCents: c.amountCents,
  date: c.date,
  phase: c.phase,
  budgetYear: c.budgetYear,
  note: c.note,
  createdById: c.createdById,
  createdAt: c.createdAt.toISOString(),
});

const disbursementDto = (d: Disbursement): DisbursementDto => ({
  id: d.id,
  projectId: d.projectId,
  amountCents: d.amountCents,
  date: d.date,
  budgetYear: d.budgetYear,
  note: d.note,
  createdById: d.createdById,
  createdAt: d.createdAt.toISOString(),
});

const yearOf = (date: string): number => Number(date.slice(0, 4));

const cleanNote = (note: string | undefined): string | null => note?.trim() || null;

/**
 * Commitments (Zuwendungsbescheide) and disbursements (Mittelabrufe) with the
 * rules that keep the money consistent. Every rule is checked inside the same
 * transaction that writes the row, after the rows the sums depend on are
 * locked (PostgreSQL) or while all writes wait in one queue (SQLite), so two
 * concurrent requests cannot both pass a check that only one of them may.
 */
@Injectable()
export class FundingService {
  /** SQLite has no row locks (and TypeORM refuses setLock there); its writes are serialized instead. */
  private readonly rowLocks: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly access: ProjectAccessService,
  ) {
    this.rowLocks = dataSource.options.type !== 'better-sqlite3';
  }

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
        commitments: commitments.map(commitmentDto),
        disbursements: disbursements.map(disbursementDto),
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
        `(SELECT COALESCE(SUM(s.amount_cents), 0) FROM report_spending s JOIN report r ON r.id = s.report_id
          WHERE r.project_id = p.id AND r.status IN (:...countedStatuses))`,
        'reported',
      )
      .setParameter('countedStatuses', DELIVERED_REPORT_STATUSES);
    if (projectIds) qb.where('p.id IN (:...projectIds)', { projectIds: [...projectIds] });
    const rows: { projectId: number; committed: unknown; disbursed: unknown; reported: unknown }[] = await qb.getRawMany();
    for (const row of rows) {
      const committedCents = toCents(row.committed);
      const disbursedCents = toCents(row.disbursed);
      result.set(Number(row.projectId), {
        committedCents,
        disbursedCents,
        reportedSpendCents: toCents(row.reported),
        remainingCents: committedCents - disbursedCents,
      });
    }
    return result;
  }

  createCommitment(actor: Actor, projectId: number, dto: CreateCommitmentDto): Promise<CommitmentDto> {
    return this.transactions.run((manager) => this.addCommitment(actor, projectId, dto, manager));
  }

  /** createCommitment inside the caller's transaction (bulk import: many rows, one transaction); same rules. */
  async addCommitment(
    actor: Actor,
    projectId: number,
    dto: CreateCommitmentDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<CommitmentDto> {
    const project = await this.lockProject(actor, projectId, manager);
    // The programme row is the lock every commitment of the programme queues on, for the budget check.
    const programme = await this.loadProgramme(manager, project.programmeId, true);
    this.checkWithinProgramme(programme, dto.date);
    const budgetYear = dto.budgetYear ?? yearOf(dto.date);
    this.checkBudgetYear(programme, budgetYear);

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
    return row;
  }

  createDisbursement(actor: Actor, projectId: number, dto: CreateDisbursementDto): Promise<DisbursementDto> {
    return this.transactions.run((manager) => this.addDisbursement(actor, projectId, dto, manager));
  }

  /** createDisbursement inside the caller's transaction (bulk import); same rules. */
  async addDisbursement(
    actor: Actor,
    projectId: number,
    dto: CreateDisbursementDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<DisbursementDto> {
    // The project row is the lock every disbursement (and commitment) of the project queues on.
    const project = await this.lockProject(actor, projectId, manager);
    const programme = await this.loadProgramme(manager, project.programmeId, false);
    this.checkWithinProgramme(programme, dto.date);
    this.checkBudgetYear(programme, dto.budgetYear);
    if (dto.budgetYear > yearOf(dto.date)) {
      throw new ValidationFailed([
        {
          field: 'budgetYear',
          message: `budgetYear ${dto.budgetYear} is after the year of the payment date ${dto.date}: funds of a later budget year cannot be drawn yet`,
        },
      ]);
    }

    const first = await manager.getRepository(Commitment).findOne({ where: { projectId: project.id }, order: { date: 'ASC', id: 'ASC' } });
    if (first && dto.date < first.date) {
      throw beforeCommitment(dto.date, first.date);
    }
    const committed = await this.sumCents(manager, Commitment, { projectId: project.id });
    const disbursed = await this.sumCents(manager, Disbursement, { projectId: project.id });
    if (disbursed + dto.amountCents > committed) {
      throw overDisbursed(committed, disbursed);
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

  /** The project as the actor may see it (404 otherwise), locked for the rest of the transaction. */
  private async lockProject(actor: Actor, projectId: number, manager: EntityManager): Promise<Project> {
    const visible = await this.access.visibleProject(actor, projectId, manager);
    if (!this.rowLocks) return visible;
    return manager
      .getRepository(Project)
      .createQueryBuilder('p')
      .where('p.id = :projectId', { projectId })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }

  private loadProgramme(manager: EntityManager, programmeId: number, lock: boolean): Promise<Programme> {
    const qb = manager.getRepository(Programme).createQueryBuilder('g').where('g.id = :programmeId', { programmeId });
    if (lock && this.rowLocks) qb.setLock('pessimistic_write');
    return qb.getOneOrFail();
  }

  private checkWithinProgramme(programme: Programme, date: string): void {
    if (date < programme.startsOn || date > programme.endsOn) {
      throw dateOutsideProgramme(date, programme.startsOn, programme.endsOn);
    }
  }

  private checkBudgetYear(programme: Programme, budgetYear: number): void {
    const first = yearOf(programme.startsOn);
    const last = yearOf(programme.endsOn);
    if (budgetYear < first || budgetYear > last) {
      throw new ValidationFailed([
        { field: 'budgetYear', message: `budgetYear must be one of the programme's years, ${first} to ${last}` },
      ]);
    }
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
