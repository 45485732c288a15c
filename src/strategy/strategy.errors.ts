import type { ErrorDetail } from '../common/errors/domain-error';
import { Conflict, DomainError, NotFound, RuleViolation, ValidationFailed } from '../common/errors/domain-error';
import type { VersionErrors, WorkflowStatus } from '../common/workflow/versioned-workflow';

/** Every error the strategy cascade raises, with its stable code. */

export const strategyNotFound = (projectId: number) => new NotFound('STRATEGY.NOT_FOUND', 'strategy of project', projectId);

export const overGrant = (plannedFederalCents: number, grantCents: number) =>
  new RuleViolation(
    'STRATEGY.OVER_GRANT',
    `The measures plan ${plannedFederalCents} cents of federal funding, more than the project's grant of ${grantCents} cents.`,
    [{ field: 'measures', message: `the planned federal share (${plannedFederalCents}) exceeds the grant (${grantCents})`, grantCents }],
  );

export const notEditable = (status: WorkflowStatus) =>
  new RuleViolation('STRATEGY.NOT_EDITABLE', `The strategy is ${status}: it cannot be changed while the programme office reviews it.`);

export const notSubmittable = (status: WorkflowStatus) =>
  new RuleViolation(
    'STRATEGY.NOT_SUBMITTABLE',
    `The strategy is ${status}: only drafts and strategies with changes requested can be submitted.`,
  );

export const incomplete = (details: ErrorDetail[]) =>
  new RuleViolation('STRATEGY.INCOMPLETE', 'The strategy is not complete enough to submit.', details);

export const notSubmitted = (status: WorkflowStatus | 'none') =>
  new RuleViolation('STRATEGY.NOT_SUBMITTED', `The strategy is ${status}: only a submitted strategy can be reviewed.`);

const ifMatchRequired = () =>
  new DomainError(
    'precondition_required',
    'STRATEGY.IF_MATCH_REQUIRED',
    'Send If-Match: <version> with the version (ETag) you last read (0 before the first save), so a concurrent change is not overwritten.',
    [{ field: 'If-Match', message: 'If-Match is required' }],
  );

const ifMatchInvalid = () =>
  new ValidationFailed(
    [{ field: 'If-Match', message: 'If-Match must be the strategy version as a whole number, e.g. 3 (or "3")' }],
    'The If-Match header is not a strategy version.',
  );

const versionConflict = (expected: number, current: number) =>
  new Conflict(
    'STRATEGY.VERSION_CONFLICT',
    `The strategy was changed meanwhile: you sent version ${expected}, it is at version ${current}. Read it again and retry.`,
    [{ field: 'If-Match', message: `the current version is ${current}`, currentVersion: current }],
  );

export const STRATEGY_VERSION_ERRORS: VersionErrors = { ifMatchRequired, ifMatchInvalid, versionConflict };
