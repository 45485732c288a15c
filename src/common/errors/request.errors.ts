import type { ErrorDetail } from './domain-error';

/**
 * The codes of the HTTP layer itself: a request that could not be read, routed or validated, and the
 * catch-all for the unexpected. Feature codes live beside their feature (`<feature>/<feature>.errors.ts`).
 */

export const VALIDATION_INVALID = 'VALIDATION.INVALID';

export const INTERNAL = 'INTERNAL';

/** Codes for errors raised by Nest or Fastify with an HTTP status but no code of ours. */
export const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.MALFORMED',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  406: 'REQUEST.NOT_ACCEPTABLE',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** Input no validator may see (src/http/input-shape.ts): nested too deep, or text that is not well-formed Unicode. */
export const TOO_DEEP = { statusCode: 400, code: 'REQUEST.TOO_DEEP' } as const;
export const MALFORMED_TEXT = { statusCode: 400, code: 'REQUEST.MALFORMED_TEXT' } as const;

/** Node's HTTP parser's refusals, before Fastify has a request (src/http/client-errors.ts). */
export const HEADERS_TOO_LARGE = { statusCode: 431, code: 'REQUEST.HEADERS_TOO_LARGE' } as const;
export const REQUEST_TIMEOUT = { statusCode: 408, code: 'REQUEST.TIMEOUT' } as const;
export const MALFORMED_HTTP = { statusCode: 400, code: 'REQUEST.MALFORMED_HTTP' } as const;

/** The router's refusals before Nest sees the request: an over-long path parameter (414) or a bad %-escape (400). */
export function urlRefused(tooLong: boolean): { statusCode: number; code: string; message: string; details: ErrorDetail[] } {
  const message = tooLong ? 'A path parameter in the URL is too long.' : 'The URL is not valid (a %-escape does not decode).';
  return tooLong
    ? { statusCode: 414, code: 'REQUEST.URI_TOO_LONG', message, details: [{ field: 'url', message }] }
    : { statusCode: 400, code: 'REQUEST.MALFORMED_URL', message, details: [{ field: 'url', message }] };
}
