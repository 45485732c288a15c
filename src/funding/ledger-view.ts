import type { Commitment } from './commitment.entity';
import type { Disbursement } from './disbursement.entity';
import type { CommitmentDto, DisbursementDto, LedgerCommitmentDto, LedgerDisbursementDto, RepaymentDto, ReversalDto } from './funding.dto';

/** How the ledger's rows are shown: originals with their reversals beside them, repayments apart, amounts positive. */

export const commitmentDto = (c: Commitment): CommitmentDto => ({
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

export const disbursementDto = (d: Disbursement): DisbursementDto => ({
  id: d.id,
  projectId: d.projectId,
  amountCents: d.amountCents,
  date: d.date,
  budgetYear: d.budgetYear,
  note: d.note,
  createdById: d.createdById,
  createdAt: d.createdAt.toISOString(),
});

export const reversalDto = (r: Commitment | Disbursement): ReversalDto => ({
  id: r.id,
  originalId: r.reversalOfId as number,
  projectId: r.projectId,
  amountCents: -r.amountCents,
  date: r.date,
  budgetYear: r.budgetYear,
  reason: r.reason ?? '',
  createdById: r.createdById,
  createdAt: r.createdAt.toISOString(),
});

export const repaymentDto = (r: Disbursement): RepaymentDto => ({
  id: r.id,
  projectId: r.projectId,
  amountCents: -r.amountCents,
  date: r.date,
  budgetYear: r.budgetYear,
  reason: r.reason ?? '',
  createdById: r.createdById,
  createdAt: r.createdAt.toISOString(),
});

function withReversals<R extends Commitment | Disbursement, D extends { id: number; amountCents: number }>(
  rows: readonly R[],
  show: (row: R) => D,
): (D & { netAmountCents: number; reversals: ReversalDto[] })[] {
  const reversals = new Map<number, ReversalDto[]>();
  for (const row of rows) {
    if (row.kind !== 'reversal') continue;
    const list = reversals.get(row.reversalOfId as number) ?? [];
    list.push(reversalDto(row));
    reversals.set(row.reversalOfId as number, list);
  }
  return rows
    .filter((row) => row.kind !== 'reversal' && row.kind !== 'repayment')
    .map((row) => {
      const own = reversals.get(row.id) ?? [];
      const dto = show(row);
      return { ...dto, netAmountCents: dto.amountCents - own.reduce((s, r) => s + r.amountCents, 0), reversals: own };
    });
}

/** The project's rows (oldest first) as the funding summary lists them. */
export function ledgerLists(
  commitments: readonly Commitment[],
  disbursements: readonly Disbursement[],
): { commitments: LedgerCommitmentDto[]; disbursements: LedgerDisbursementDto[]; repayments: RepaymentDto[] } {
  return {
    commitments: withReversals(commitments, commitmentDto),
    disbursements: withReversals(disbursements, disbursementDto),
    repayments: disbursements.filter((d) => d.kind === 'repayment').map(repaymentDto),
  };
}
