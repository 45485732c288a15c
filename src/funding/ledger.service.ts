import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { TransactionService } from '../database/transaction.service';
import { Commitment } from './commitment.entity';
import { Disbursement } from './disbursement.entity';
import { FundingGuard } from './funding-guard';
import {
  commitmentNotFound,
  disbursementNotFound,
  overDisbursedAt,
  repaymentExceedsDisbursed,
  reversalBeforeOriginal,
  reversalExceedsOriginal,
  reversalOfReversal,
} from './funding.errors';
import type { CreateRepaymentDto, CreateReversalDto, RepaymentDto, ReversalDto } from './funding.dto';
import { disbursedFrom, undrawnFrom } from './ledger-rules';
import { repaymentDto, reversalDto } from './ledger-view';

type EntryClass = typeof Commitment | typeof Disbursement;

/**
 * Corrections of the ledger without erasing it: reversals (Storno) of a
 * commitment or disbursement, and repayments. Each is a new row with a
 * negative amount; the original is never changed. Every rule is checked in
 * the transaction that writes the row, with the project locked (see FundingGuard).
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly guard: FundingGuard,
  ) {}

  reverseCommitment(actor: Actor, id: number, dto: CreateReversalDto): Promise<ReversalDto> {
    return this.transactions.run((manager) => this.addReversal(actor, 'commitment', id, dto, manager));
  }

  reverseDisbursement(actor: Actor, id: number, dto: CreateReversalDto): Promise<ReversalDto> {
    return this.transactions.run((manager) => this.addReversal(actor, 'disbursement', id, dto, manager));
  }

  repay(actor: Actor, projectId: number, dto: CreateRepaymentDto): Promise<RepaymentDto> {
    return this.transactions.run((manager) => this.addRepayment(actor, projectId, dto, manager));
  }

  /** repay inside the caller's transaction (bulk import: many rows, one transaction); the same rules, lock and audit row. */
  async addRepayment(
    actor: Actor,
    projectId: number,
    dto: CreateRepaymentDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<RepaymentDto> {
    const project = await this.guard.lockProject(actor, projectId, manager);
    const programme = await this.guard.loadProgramme(manager, project.programmeId, false);
    this.guard.checkWithinProgramme(programme, dto.date);
    this.guard.checkBudgetYear(programme, dto.budgetYear);
    const { point, availableCents } = disbursedFrom(await this.guard.ledger(manager, project.id), dto.date);
    if (dto.amountCents > availableCents) throw repaymentExceedsDisbursed(point, availableCents);
    const repo = manager.getRepository(Disbursement);
    const { identifiers } = await repo.insert({
      projectId: project.id,
      kind: 'repayment',
      amountCents: -dto.amountCents,
      date: dto.date,
      budgetYear: dto.budgetYear,
      reason: dto.reason.trim(),
      createdById: actor.userId,
      externalRef: externalRef ?? null,
    });
    const row = repaymentDto(await repo.findOneByOrFail({ id: identifiers[0].id as number }));
    await this.audit.record(manager, actor, {
      action: 'funding.repayment.create',
      entityType: 'repayment',
      entityId: row.id,
      after: row,
    });
    return row;
  }

  /** A reversal (Storno) of a commitment or disbursement inside the caller's transaction; the same rules, lock and audit row. */
  async addReversal(
    actor: Actor,
    type: 'commitment' | 'disbursement',
    id: number,
    dto: CreateReversalDto,
    manager: EntityManager,
    externalRef?: string,
  ): Promise<ReversalDto> {
    const entity: EntryClass = type === 'commitment' ? Commitment : Disbursement;
    const original = await this.original(manager, entity, id);
    const project = await this.guard.lockProject(actor, original.projectId, manager);
    const programme = await this.guard.loadProgramme(manager, project.programmeId, false);
    this.guard.checkWithinProgramme(programme, dto.date);
    if (dto.date < original.date) throw reversalBeforeOriginal(dto.date, original.date);
    const repo = manager.getRepository<Commitment | Disbursement>(entity);
    const reversed = -((await repo.sum('amountCents', { reversalOfId: original.id })) ?? 0);
    const left = original.amountCents - reversed;
    if (dto.amountCents > left) throw reversalExceedsOriginal(original.amountCents, reversed, left);
    const ledger = await this.guard.ledger(manager, project.id);
    if (type === 'commitment') {
      // Less committed from the reversal's date on: the disbursements of that date and later must still be covered.
      const { point, availableCents } = undrawnFrom(ledger, dto.date);
      if (dto.amountCents > availableCents) throw overDisbursedAt(point, availableCents);
    } else {
      // What repayments already returned cannot be reversed a second time.
      const { availableCents } = disbursedFrom(ledger, dto.date);
      if (dto.amountCents > availableCents) {
        throw reversalExceedsOriginal(original.amountCents, reversed, availableCents, 'the rest is repaid already');
      }
    }

    const { identifiers } = await repo.insert({
      projectId: project.id,
      kind: 'reversal',
      reversalOfId: original.id,
      amountCents: -dto.amountCents,
      date: dto.date,
      budgetYear: original.budgetYear,
      ...(original instanceof Commitment ? { phase: original.phase } : {}),
      reason: dto.reason.trim(),
      createdById: actor.userId,
      externalRef: externalRef ?? null,
    });
    const row = reversalDto(await repo.findOneByOrFail({ id: identifiers[0].id as number }));
    await this.audit.record(manager, actor, { action: `funding.${type}.reverse`, entityType: type, entityId: original.id, after: row });
    return row;
  }

  /** The entry to reverse: 404 if there is none, 422 if it is a reversal or repayment itself. */
  private async original(manager: EntityManager, entity: EntryClass, id: number): Promise<Commitment | Disbursement> {
    const row = await manager.getRepository<Commitment | Disbursement>(entity).findOneBy({ id });
    if (!row) throw entity === Commitment ? commitmentNotFound(id) : disbursementNotFound(id);
    if (row.kind === 'reversal' || row.kind === 'repayment') throw reversalOfReversal(id);
    return row;
  }
}
