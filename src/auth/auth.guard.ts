import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { roleNotAllowed, tokenExpired, tokenInvalid, tokenMissing } from './auth.errors';
import { Role, User } from '../users/user.entity';
import type { Actor } from './actor';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { CookieRequest, SessionCookies, TOKEN } from './session-cookies';

const BEARER = new RegExp(`^Bearer (${TOKEN})$`);

export interface TokenPayload {
  sub: number;
  role: Role;
  /** Issued at, in whole seconds (set by the JWT library). */
  iat?: number;
  /** A browser session's token (POST /auth/session): sign-out ends it. */
  session?: true;
  /** When a session's token was issued, in milliseconds (a sign-out in the same second as the sign-in still ends it). */
  issuedMs?: number;
}

interface AuthRequest extends CookieRequest {
  id?: string;
  ip?: string;
  actor?: Actor;
}

/**
 * Every route needs a valid bearer token or session cookie unless marked @Public. Tokens are
 * HS256 only (so `alg: none` and swapped algorithms fail), must not be
 * expired, and must name an active user, whose role is read from the database
 * so a changed role takes effect at once. A bearer header wins over the cookie;
 * a cookie-authenticated write must also carry the CSRF header.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly session: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    request.actor = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role as Role)) {
      throw roleNotAllowed(roles);
    }
    return true;
  }

  async authenticate(request: AuthRequest): Promise<Actor> {
    const header = request.headers.authorization;
    const cookie = header === undefined ? this.session.tokenOf(request) : null;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    const token = match?.[1] ?? cookie;
    if (!token) throw tokenMissing();
    const actor = await this.verify(token, request);
    if (cookie) this.session.checkCsrf(request, cookie);
    return actor;
  }

  /** The actor behind a token (no CSRF check): sign-out uses it to audit whose session ends. */
  async verify(token: string, request: AuthRequest): Promise<Actor> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw expired ? tokenExpired() : tokenInvalid();
    }
    const user = Number.isSafeInteger(payload.sub)
      ? await this.dataSource.getRepository(User).findOneBy({ id: payload.sub, active: true })
      : null;
    if (!user) throw tokenInvalid();
    // A browser session signed out since its token was issued is over, wherever a copy of the cookie is kept.
    if (payload.session && user.signedOutAtMs !== null && (payload.issuedMs ?? 0) <= user.signedOutAtMs) throw tokenInvalid();
    return {
      userId: user.id,
      role: user.role,
      email: user.email,
      bodyId: user.bodyId,
      requestId: request.id ?? null,
      ip: request.ip ?? null,
    };
  }
}
