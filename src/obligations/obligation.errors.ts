import { NotFound, RuleViolation } from '../common/errors/domain-error';

/** Every error about a reporting obligation, with its stable code. */

export const obligationNotFound = (id: number) => new NotFound('OBLIGATION.NOT_FOUND', 'obligation', id);

export const obligationNotOpen = (id: number, state: string) =>
  new RuleViolation('OBLIGATION.NOT_OPEN', `Obligation ${id} is ${state}: only an open obligation can be waived.`, [
    { field: 'id', message: `is ${state}`, state },
  ]);
