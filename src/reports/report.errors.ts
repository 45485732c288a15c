import type { ErrorDetail } from '../common/errors/domain-error';
import { Conflict, DomainError, NotFound, RuleViolation, ValidationFailed } from '../common/errors/domain-error';
import {
  parseIfMatch as parseVersion,
  parseOptionalIfMatch as parseOptionalVersion,
  type VersionErrors,
} from '../common/workflow/versioned-workflow';
import type { ReportStatus, ReportType } from './report.entity';

/** Every error the report workflow raises, with its stable code. */

export const reportNotFound = (id: number) => new NotFound('REPORT.NOT_FOUND', 'report', id);

export const periodInvalid = (message: string) => new ValidationFailed([{ field: 'period', message }]);

export const periodInFuture = (period: string, current: string) =>
  new RuleViolation('REPORT.PERIOD_IN_FUTURE', `The period ${period} has not started yet; the current period is ${current}.`, [
    { field: 'period', message: `period must not be later than ${current}` },
  ]);

export const duplicateReport = (type: ReportType, period: string) =>
  new Conflict('REPORT.DUPLICATE', `The project has a ${type} report for ${period} already.`, [
    { field: 'period', message: `a ${type} report for ${period} exists already` },
  ]);

export const commitmentMissing = (type: ReportType, phase: string) =>
  new RuleViolation(
    'REPORT.COMMITMENT_MISSING',
    `A ${type} report needs a phase ${phase} commitment (Förderzusage) first: its due date counts from it.`,
    [{ field: 'type', message: `the project has no phase ${phase} commitment` }],
  );

export const notEditable = (status: ReportStatus) =>
  new RuleViolation('REPORT.NOT_EDITABLE', `The report is ${status}: only drafts and reports with changes requested can be edited.`);

export const notSubmittable = (status: ReportStatus) =>
  new RuleViolation('REPORT.NOT_SUBMITTABLE', `The report is ${status}: only drafts and reports with changes requested can be submitted.`);

export const incomplete = (details: ErrorDetail[]) =>
  new RuleViolation('REPORT.INCOMPLETE', 'The report is not complete enough to submit.', details);

export const notSubmitted = (status: ReportStatus) =>
  new RuleViolation('REPORT.NOT_SUBMITTED', `The report is ${status}: only a submitted report can be reviewed.`);

export const ifMatchRequired = () =>
  new DomainError(
    'precondition_required',
    'REPORT.IF_MATCH_REQUIRED',
    'Send If-Match: <version> with the version (ETag) you last read, so a concurrent change is not overwritten.',
    [{ field: 'If-Match', message: 'If-Match is required' }],
  );

export const ifMatchInvalid = () =>
  new ValidationFailed(
    [{ field: 'If-Match', message: 'If-Match must be the report version as a whole number, e.g. 3 (or "3")' }],
    'The If-Match header is not a report version.',
  );

export const versionConflict = (expected: number, current: number) =>
  new Conflict(
    'REPORT.VERSION_CONFLICT',
    `The report was changed meanwhile: you sent version ${expected}, it is at version ${current}. Read it again and retry.`,
    [{ field: 'If-Match', message: `the current version is ${current}`, currentVersion: current }],
  );

/** How the shared review workflow (src/common/workflow) names If-Match and concurrency errors for reports. */
export const REPORT_VERSION_ERRORS: VersionErrors = { ifMatchRequired, ifMatchInvalid, versionConflict };

export const parseIfMatch = (header: string | string[] | undefined): number => parseVersion(header, REPORT_VERSION_ERRORS);

export const parseOptionalIfMatch = (header: string | string[] | undefined): number | undefined =>
  parseOptionalVersion(header, REPORT_VERSION_ERRORS);
