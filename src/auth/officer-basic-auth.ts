import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../users/user.entity';
import { AuthGuard } from './auth.guard';
import { verifyPassword } from './passwords';
import { type CookieRequest, SessionCookies } from './session-cookies';

const CACHE_MS = 5 * 60_000;

/** Methods that change nothing: the dashboard's reads. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For pages a browser opens directly (the queue dashboard): an officer signed in
 * to the web app is let in by the session cookie; otherwise HTTP basic auth with
 * an officer's e-mail and password, or an officer's bearer token. The dashboard's
 * own page sends no CSRF header, so a cookie-authenticated change (retry, clean,
 * pause) must come from a page of this origin (`Sec-Fetch-Site: same-origin`,
 * which only the browser sets; the cookie is SameSite=Strict besides). A verified
 * basic header is remembered for five minutes, so the dashboard's many requests
 * do not each pay for an Argon2 verification.
 */
@Injectable()
export class OfficerBasicAuth {
  private readonly verified = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guard: AuthGuard,
    private readonly session: SessionCookies,
  ) {}

  async isOfficer(request: CookieRequest): Promise<boolean> {
    const { headers } = request;
    const header = headers.authorization;
    if (header === undefined) return this.isOfficerSession(request);
    if (typeof header !== 'string') return false;
    if (header.startsWith('Bearer ')) {
      try {
        return (await this.guard.authenticate({ headers })).role === 'officer';
      } catch {
        return false;
      }
    }
    const match = /^Basic ([A-Za-z0-9+/=]{1,1000})$/.exec(header);
    if (!match) return false;
    const key = createHash('sha256').update(header).digest('hex');
    const until = this.verified.get(key);
    if (until && until > Date.now()) return true;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return false;
    const email = decoded.slice(0, colon).trim().toLowerCase();
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.role = :role AND u.active = :active', { email, role: 'officer', active: true })
      .getOne();
    if (!user || !(await verifyPassword(user.passwordHash, decoded.slice(colon + 1)))) return false;
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(key, Date.now() + CACHE_MS);
    return true;
  }

  private async isOfficerSession(request: CookieRequest): Promise<boolean> {
    const token = this.session.tokenOf(request);
    if (!token) return false;
    const safe = SAFE_METHODS.has((request.method ?? 'GET').toUpperCase());
    if (!safe && request.headers['sec-fetch-site'] !== 'same-origin') return false;
    try {
      return (await this.guard.verify(token, { headers: request.headers })).role === 'officer';
    } catch {
      return false;
    }
  }
}
