import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../api/schema';

/*
 * The one API client. Its types come from the server's published OpenAPI document (web/openapi.json →
 * src/api/schema.d.ts), so a renamed route or field breaks the build, not the page.
 * The session lives in an HttpOnly cookie the page cannot read; writes carry the CSRF token from the readable
 * `mpsc_csrf` cookie. A 401 on anything but "who am I" means the session expired: the user goes to sign-in and
 * comes back to this page afterwards.
 */
export const CSRF_COOKIE = 'mpsc_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NO_REDIRECT = ['/api/v1/me', '/api/v1/auth/session'];

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function signInPath(weiter: string): string {
  return `/anmelden?weiter=${encodeURIComponent(weiter)}`;
}

const session: Middleware = {
  onRequest({ request }) {
    if (!READ_METHODS.has(request.method)) {
      const token = readCookie(CSRF_COOKIE);
      if (token) request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !NO_REDIRECT.includes(path) && window.location.pathname !== '/anmelden') {
      window.location.assign(signInPath(window.location.pathname + window.location.search));
    }
    return response;
  },
};

// No baseUrl: requests go to this page's origin (relative URLs), and the module loads outside a browser too (tests).
export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(session);

/** The API's error contract. */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  details?: { field?: string; message?: string }[];
}

export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly body: ApiError | null) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** Unwraps an openapi-fetch answer: the data, or an ApiRequestError carrying the error contract. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error && typeof result.error === 'object' ? result.error : null) as ApiError | null;
  throw new ApiRequestError(result.response.status, body);
}
