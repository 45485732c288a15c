import { RuleViolation } from '../common/errors/domain-error';
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
