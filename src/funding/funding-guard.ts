import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { ValidationFailed } from '../common/errors/domain-error';
import { Programme } from '../programme/programme.entity';
import { ProjectAccessService } from '../projects/project-access.service';
import { lockedProject } from '../projects/project-lock';
import { ProjectStatusChange } from '../projects/project-status-change.entity';
import { Project } from '../projects/project.entity';
import { Commitment } from './commitment.entity';
import { Disbursement } from './disbursement.entity';
import { dateOutsideProgramme, projectWithdrawn } from './funding.errors';
import type { Ledger } from './ledger-rules';

export const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * What every funding write checks first: the project locked (PostgreSQL row
 * lock; SQLite serialises writes instead), the programme's dates and years,
 * whether the project has withdrawn, and the project's whole ledger.
 */
@Injectable()
export class FundingGuard {
  /** SQLite has no row locks (and TypeORM refuses setLock there); its writes are serialized instead. */
  readonly rowLocks: boolean;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly access: ProjectAccessService,
  ) {
    this.rowLocks = dataSource.options.type !== 'better-sqlite3';
  }

  /** The project as the actor may see it (404 otherwise), locked for the rest of the transaction. */
  lockProject(actor: Actor, projectId: number, manager: EntityManager): Promise<Project> {
    return lockedProject(this.access, actor, projectId, manager);
  }

  loadProgramme(manager: EntityManager, programmeId: number, lock: boolean): Promise<Programme> {
    const qb = manager.getRepository(Programme).createQueryBuilder('g').where('g.id = :programmeId', { programmeId });
    if (lock && this.rowLocks) qb.setLock('pessimistic_write');
    return qb.getOneOrFail();
  }

  checkWithinProgramme(programme: Programme, date: string): void {
    if (date < programme.startsOn || date > programme.endsOn) {
      throw dateOutsideProgramme(date, programme.startsOn, programme.endsOn);
    }
  }

  checkBudgetYear(programme: Programme, budgetYear: number): void {
    const first = yearOf(programme.startsOn);
    const last = yearOf(programme.endsOn);
    if (budgetYear < first || budgetYear > last) {
      throw new ValidationFailed([
        { field: 'budgetYear', message: `budgetYear must be one of the programme's years, ${first} to ${last}` },
      ]);
    }
  }

  /** A withdrawn project takes no commitment or disbursement dated on or after the withdrawal's effective date. */
  async checkNotWithdrawn(manager: EntityManager, project: Project, date: string): Promise<void> {
    this.checkWithdrawal(await this.withdrawal(manager, project), date);
  }

  /** When a withdrawn project stopped taking entries (from the start without a dated change); null if it is not withdrawn. */
  async withdrawal(manager: EntityManager, project: Project): Promise<{ from: string; label: string } | null> {
    if (project.status !== 'withdrawn') return null;
    const change = await manager
      .getRepository(ProjectStatusChange)
      .findOne({ where: { projectId: project.id, toStatus: 'withdrawn' }, order: { id: 'DESC' } });
    return { from: change?.effectiveDate ?? '0000-01-01', label: change?.effectiveDate ?? 'the start' };
  }

  checkWithdrawal(withdrawal: { from: string; label: string } | null, date: string): void {
    if (withdrawal && date >= withdrawal.from) throw projectWithdrawn(date, withdrawal.label);
  }

  /** A disbursement draws on its budget year's funds: not on a year after its payment date's. */
  checkDrawableYear(budgetYear: number, date: string): void {
    if (budgetYear > yearOf(date)) {
      throw new ValidationFailed([
        {
          field: 'budgetYear',
          message: `budgetYear ${budgetYear} is after the year of the payment date ${date}: funds of a later budget year cannot be drawn yet`,
        },
      ]);
    }
  }

  /** Every signed entry of the project (reversals and repayments negative). */
  async ledger(manager: EntityManager, projectId: number): Promise<Ledger> {
    const select = { date: true, amountCents: true } as const;
    const commitments = await manager.getRepository(Commitment).find({ select, where: { projectId } });
    const disbursements = await manager.getRepository(Disbursement).find({ select, where: { projectId } });
    return { commitments, disbursements };
  }
}
