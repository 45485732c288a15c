import { VALIDATION_INVALID } from './request.errors';

/**
 * Errors with a stable code that clients can rely on (`FUNDING.OVER_DISBURSED`).
 * Services throw these, with or without HTTP around them (jobs have none);
 * the one exception filter maps the kind to a status.
 *
 * Codes are written as string literals only in a feature's catalogue, `<feature>/<feature>.errors.ts`
 * (one prefix per feature), and each one is listed in docs/api.md "Error codes" (test/error-codes.spec.ts).
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_required'
  | 'rule_violation'
  | 'payload_too_large'
  | 'rate_limited'
  | 'gone'
  | 'unavailable';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** 400 `VALIDATION.INVALID`: the one validation code, each bad field named in the details. */
export class ValidationFailed extends DomainError {
  constructor(details: ErrorDetail[], message = 'The request is not valid.', code: string = VALIDATION_INVALID) {
    super('validation', code, message, details);
  }
}

export class NotFound extends DomainError {
  constructor(code: string, entity: string, id: string | number) {
    super('not_found', code, `${entity} ${id} was not found.`);
  }
}

export class RuleViolation extends DomainError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super('rule_violation', code, message, details);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super('conflict', code, message, details);
  }
}

export class Forbidden extends DomainError {
  constructor(code: string, message: string) {
    super('forbidden', code, message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(code: string, message: string) {
    super('unauthenticated', code, message);
  }
}
