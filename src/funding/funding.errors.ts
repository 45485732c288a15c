import { NotFound, RuleViolation } from '../common/errors/domain-error';
import { euros } from '../common/money-format';

/** Every rule of recording funding, with its stable code (422, nothing written). */

export const overGrant = (grantCents: number, committedCents: number) => {
  const available = Math.max(0, grantCents - committedCents);
  return new RuleViolation(
    'FUNDING.OVER_GRANT',
    `The project's commitments may not exceed its grant of ${euros(grantCents)}: ${euros(committedCents)} are committed, at most ${euros(available)} can be added.`,
    [{ field: 'amountCents', message: 'more than the grant leaves', grantCents, committedCents, availableCents: available }],
  );
};

export const overBudget = (budgetCents: number, committedCents: number) => {
  const available = Math.max(0, budgetCents - committedCents);
  return new RuleViolation(
    'FUNDING.OVER_BUDGET',
    `The programme's commitments may not exceed its budget of ${euros(budgetCents)}: ${euros(committedCents)} are committed, at most ${euros(available)} can be added.`,
    [{ field: 'amountCents', message: 'more than the programme budget leaves', budgetCents, committedCents, availableCents: available }],
  );
};

export const beforeCommitment = (date: string, firstCommitmentDate: string) =>
  new RuleViolation(
    'FUNDING.BEFORE_COMMITMENT',
    `A disbursement cannot be dated ${date}, before the project's first commitment of ${firstCommitmentDate}.`,
    [{ field: 'date', message: `must not be before ${firstCommitmentDate}`, firstCommitmentDate }],
  );

export const overDisbursed = (committedCents: number, disbursedCents: number) => {
  const available = Math.max(0, committedCents - disbursedCents);
  return new RuleViolation(
    'FUNDING.OVER_DISBURSED',
    committedCents > 0
      ? `Disbursements may not exceed the commitments: ${euros(committedCents)} are committed and ${euros(disbursedCents)} disbursed, at most ${euros(available)} can be drawn.`
      : 'Nothing is committed to this project yet, so nothing can be disbursed.',
    [{ field: 'amountCents', message: 'more than the commitments leave', committedCents, disbursedCents, availableCents: available }],
  );
};

export const dateOutsideProgramme = (date: string, startsOn: string, endsOn: string) =>
  new RuleViolation('FUNDING.DATE_OUTSIDE_PROGRAMME', `${date} is outside the programme's life (${startsOn} to ${endsOn}).`, [
    { field: 'date', message: `must lie between ${startsOn} and ${endsOn}`, startsOn, endsOn },
  ]);

/** Reversals, repayments and the project's status. */

export const overDisbursedAt = (point: { date: string; committedCents: number; disbursedCents: number }, availableCents: number) =>
  new RuleViolation(
    'FUNDING.OVER_DISBURSED',
    `Disbursements may not exceed the commitments at any date: on ${point.date} ${euros(point.committedCents)} are committed and ${euros(point.disbursedCents)} disbursed, at most ${euros(availableCents)} can be drawn or taken off.`,
    [
      {
        field: 'amountCents',
        message: 'more than the commitments leave at this or a later date',
        date: point.date,
        committedCents: point.committedCents,
        disbursedCents: point.disbursedCents,
        availableCents,
      },
    ],
  );

export const reversalExceedsOriginal = (originalCents: number, reversedCents: number, availableCents: number, reason?: string) =>
  new RuleViolation(
    'FUNDING.REVERSAL_EXCEEDS_ORIGINAL',
    `A reversal may not exceed what is left of the original entry: ${euros(originalCents)} booked, ${euros(reversedCents)} reversed, at most ${euros(availableCents)} can be reversed${reason ? ` (${reason})` : ''}.`,
    [{ field: 'amountCents', message: 'more than the original entry leaves', originalCents, reversedCents, availableCents }],
  );

export const reversalOfReversal = (id: number) =>
  new RuleViolation('FUNDING.REVERSAL_OF_REVERSAL', `Entry ${id} is itself a reversal or a repayment and cannot be reversed.`, [
    { field: 'id', message: 'is a reversal or repayment, not an original entry' },
  ]);

export const reversalBeforeOriginal = (date: string, originalDate: string) =>
  new RuleViolation(
    'FUNDING.REVERSAL_BEFORE_ORIGINAL',
    `A reversal cannot be dated ${date}, before the original entry of ${originalDate}.`,
    [{ field: 'date', message: `must not be before ${originalDate}`, originalDate }],
  );

export const repaymentExceedsDisbursed = (point: { date: string; disbursedCents: number }, availableCents: number) =>
  new RuleViolation(
    'FUNDING.REPAYMENT_EXCEEDS_DISBURSED',
    `A repayment may not exceed the net disbursements at its date or any later one: on ${point.date} ${euros(point.disbursedCents)} are disbursed net, at most ${euros(availableCents)} can be repaid.`,
    [
      {
        field: 'amountCents',
        message: 'more than the net disbursements',
        date: point.date,
        disbursedCents: point.disbursedCents,
        availableCents,
      },
    ],
  );

export const projectWithdrawn = (date: string, effectiveDate: string) =>
  new RuleViolation(
    'FUNDING.PROJECT_WITHDRAWN',
    `The project withdrew with effect from ${effectiveDate}: no commitment or disbursement can be dated ${date}.`,
    [{ field: 'date', message: `the project is withdrawn from ${effectiveDate}`, effectiveDate }],
  );

export const commitmentNotFound = (id: number) => new NotFound('FUNDING.COMMITMENT_NOT_FOUND', 'commitment', id);

export const disbursementNotFound = (id: number) => new NotFound('FUNDING.DISBURSEMENT_NOT_FOUND', 'disbursement', id);
