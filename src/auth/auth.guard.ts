import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Forbidden, Unauthenticated } from '../common/errors/domain-error';
import { Role, User } from '../users/user.entity';
import type { Actor } from './actor';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { CookieRequest, SessionCookies } from './session-cookies';

export interface TokenPayload {
  sub: number;
  role: Role;
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
      throw new Forbidden('AUTH.ROLE_NOT_ALLOWED', `This needs the role ${roles.join(' or ')}.`);
    }
    return true;
  }

  async authenticate(request: AuthRequest): Promise<Actor> {
    const header = request.headers.authorization;
    const cookie = header === undefined ? this.session.tokenOf(request) : null;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
    const token = match?.[1] ?? cookie;
    if (!token) {
      throw new Unauthenticated(
        'AUTH.TOKEN_MISSING',
        'Send "Authorization: Bearer <token>" from POST /api/v1/auth/login, or sign in with POST /api/v1/auth/session.',
      );
    }
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
      throw new Unauthenticated(
        expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.TOKEN_INVALID',
        expired ? 'The token has expired: log in again.' : 'The token is not valid.',
      );
    }
    const user = Number.isSafeInteger(payload.sub)
      ? await this.dataSource.getRepository(User).findOneBy({ id: payload.sub, active: true })
      : null;
    if (!user) throw new Unauthenticated('AUTH.TOKEN_INVALID', 'The token is not valid.');
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
