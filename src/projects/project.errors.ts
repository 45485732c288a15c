import { NotFound, RuleViolation } from '../common/errors/domain-error';

/** Every error about a project, with its stable code. Another body's project is "not found" too (404, never 403). */

export const projectNotFound = (idOrSlug: string | number) => new NotFound('PROJECT.NOT_FOUND', 'project', idOrSlug);

export const statusUnchanged = (status: string) =>
  new RuleViolation('PROJECT.STATUS_UNCHANGED', `The project is ${status} already.`, [
    { field: 'status', message: `is the current status` },
  ]);

export const statusTransition = (from: string, to: string) =>
  new RuleViolation('PROJECT.STATUS_TRANSITION', `A project cannot go from ${from} to ${to} directly: set it active first.`, [
    { field: 'status', message: `${from} can only return to active`, from },
  ]);

export const statusBeforeAward = (date: string, awardDate: string) =>
  new RuleViolation(
    'PROJECT.STATUS_BEFORE_AWARD',
    `A status change cannot take effect on ${date}, before the project's award of ${awardDate}.`,
    [{ field: 'effectiveDate', message: `must not be before ${awardDate}`, awardDate }],
  );

export const statusBeforePrevious = (date: string, previousDate: string) =>
  new RuleViolation(
    'PROJECT.STATUS_BEFORE_PREVIOUS',
    `A status change cannot take effect on ${date}, before the previous change of ${previousDate}.`,
    [{ field: 'effectiveDate', message: `must not be before ${previousDate}`, previousDate }],
  );

export const statusTooFarAhead = (date: string, latest: string) =>
  new RuleViolation('PROJECT.STATUS_TOO_FAR_AHEAD', `A status change can take effect at the latest on ${latest}, not on ${date}.`, [
    { field: 'effectiveDate', message: `must not be after ${latest}`, latest },
  ]);

export const grantBelowCommitted = (grantCents: number, committedCents: number) =>
  new RuleViolation('PROJECT.GRANT_BELOW_COMMITTED', `The grant cannot be set below the ${committedCents} cents already committed (net).`, [
    { field: 'grantCents', message: 'less than the net commitments', committedCents },
  ]);
