import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { serviceUnavailable } from '../../operations/operations.errors';
import { unavailableDependency } from '../../operations/unavailable';
import { DomainError, ErrorDetail, ErrorKind } from './domain-error';
import { CODE_BY_STATUS, INTERNAL } from './request.errors';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_required: 428,
  rule_violation: 422,
  payload_too_large: 413,
  rate_limited: 429,
  gone: 410,
  unavailable: 503,
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

/** Maps anything thrown to the one error contract; internals never reach the client. */
export function toErrorBody(error: unknown): ErrorBody {
  const dependency = error instanceof DomainError ? null : unavailableDependency(error);
  if (dependency) return toErrorBody(serviceUnavailable(dependency));
  if (error instanceof DomainError) {
    return { statusCode: STATUS_BY_KIND[error.kind], code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : error.message;
    // A 400 raised before validation is a body that could not be read (malformed JSON): name the body.
    const details: ErrorDetail[] = status === 400 ? [{ field: 'body', message }] : [];
    return { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP.${status}`, message, details };
  }
  // Errors raised by Fastify before a route runs (unparseable JSON, body too large, wrong content type).
  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (candidate && typeof candidate.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500) {
    const status = candidate.statusCode;
    const details: ErrorDetail[] = status === 400 ? [{ field: 'body', message: String(candidate.message) }] : [];
    return { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP.${status}`, message: String(candidate.message), details };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    code: INTERNAL,
    message: 'An unexpected error occurred. It has been logged.',
    details: [],
  };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode === 503) {
      this.logger.warn(`${body.code}: ${error instanceof Error ? error.message : String(error)}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    host.switchToHttp().getResponse<FastifyReply>().code(body.statusCode).send(body);
  }
}
