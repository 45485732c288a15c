import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { csrfTokenInvalid } from './auth.errors';

/** What a token may look like (JWT characters, bounded), in a cookie and after `Bearer ` alike. */
export const TOKEN = '[A-Za-z0-9._~+/=-]{1,4096}';
const WHOLE_TOKEN = new RegExp(`^${TOKEN}$`);

/** The browser session: the JWT in an HttpOnly cookie, and a readable CSRF token the page echoes in a header. */
export const SESSION_COOKIE = 'mpsc_session';
export const CSRF_COOKIE = 'mpsc_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that never change anything: no CSRF token needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CookieRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

/**
 * Sets, clears and checks the session cookies. The CSRF token is an HMAC of
 * the session token with the JWT secret (double submit, signed): a page on
 * another site can neither read it nor compute it, and it dies with the session.
 */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  csrfFor(token: string): string {
    return createHmac('sha256', this.config.jwt.secret).update(token).digest('base64url');
  }

  issue(reply: FastifyReply, token: string): void {
    const maxAge = this.config.jwt.expiresInSeconds;
    void reply.setCookie(SESSION_COOKIE, token, { ...this.options(), httpOnly: true, maxAge });
    void reply.setCookie(CSRF_COOKIE, this.csrfFor(token), { ...this.options(), httpOnly: false, maxAge });
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, { ...this.options(), httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, { ...this.options(), httpOnly: false });
  }

  /** The session token a request carries in its cookie, if any. */
  tokenOf(request: CookieRequest): string | null {
    const token = request.cookies?.[SESSION_COOKIE];
    return token && WHOLE_TOKEN.test(token) ? token : null;
  }

  /** A cookie-authenticated write must echo the CSRF token in X-CSRF-Token; else 403 AUTH.CSRF_TOKEN_INVALID. */
  checkCsrf(request: CookieRequest, token: string): void {
    if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return;
    const sent = request.headers[CSRF_HEADER];
    const expected = Buffer.from(this.csrfFor(token));
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw csrfTokenInvalid(CSRF_COOKIE);
    }
  }

  private options() {
    return { path: '/', sameSite: 'strict' as const, secure: this.config.nodeEnv === 'production' };
  }
}
