import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { Project } from '../src/projects/project.entity';
import type { Account } from './support/accounts';
import { createAccount, PASSWORD } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

/** The browser session: POST/DELETE /api/v1/auth/session, the mpsc_session cookie and the mpsc_csrf token. */
interface Cookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

function cookiesOf(res: Response): Record<string, Cookie> {
  const raw = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return Object.fromEntries(
    raw.map((line) => {
      const [pair, ...rest] = line.split(';').map((part) => part.trim());
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const attributes = Object.fromEntries(
        rest.map((a) =>
          a.includes('=') ? [a.slice(0, a.indexOf('=')).toLowerCase(), a.slice(a.indexOf('=') + 1)] : [a.toLowerCase(), true],
        ),
      );
      return [name, { name, value, attributes }];
    }),
  );
}

const signIn = (t: TestApp, email: string, password = PASSWORD) => t.http.post('/api/v1/auth/session').send({ email, password });

/** The cookie header a browser would send back, and the CSRF token the page reads from mpsc_csrf. */
async function session(t: TestApp, email: string): Promise<{ cookie: string; csrf: string; token: string }> {
  const cookies = cookiesOf(await signIn(t, email).expect(204));
  return {
    cookie: `mpsc_session=${cookies.mpsc_session.value}; mpsc_csrf=${cookies.mpsc_csrf.value}`,
    csrf: cookies.mpsc_csrf.value,
    token: cookies.mpsc_session.value,
  };
}

describe('browser session cookie', () => {
  let t: TestApp;
  let officer: Account;
  let kasselId: number;
  const commitment = { amountCents: 12_345, date: '2022-01-10', phase: 'B' };

  beforeAll(async () => {
    t = await createTestApp();
    officer = await createAccount(t, 'officer', 'officer@bund.example');
    kasselId = (await t.dataSource.getRepository(Project).findOneByOrFail({ slug: 'kassel' })).id;
  });
  afterAll(() => t.close());

  it('sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie, not Secure outside production', async () => {
    const res = await signIn(t, officer.email).expect(204);
    const { mpsc_session: session, mpsc_csrf: csrf } = cookiesOf(res);
    expect(session.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/', 'max-age': '3600' });
    expect(csrf.attributes).toMatchObject({ samesite: 'Strict', path: '/', 'max-age': '3600' });
    expect(csrf.attributes.httponly).toBeUndefined();
    expect(session.attributes.secure).toBeUndefined();
    expect(csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.text).toBe('');
  });

  it('audits the sign-in like /auth/login, and refuses wrong credentials with 401 and no cookie', async () => {
    const before = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_event WHERE action = 'auth.login' AND actor_id = ${officer.id}`,
    );
    await signIn(t, officer.email).expect(204);
    const after = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_event WHERE action = 'auth.login' AND actor_id = ${officer.id}`,
    );
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
    const wrong = await signIn(t, officer.email, 'not-the-password').expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('lets /me and other reads through with the cookie alone', async () => {
    const { cookie } = await session(t, officer.email);
    const me = await t.http.get('/api/v1/me').set('Cookie', cookie).expect(200);
    expect(me.body).toEqual({ id: officer.id, email: officer.email, role: 'officer', bodyId: null });
    await t.http.get(`/api/v1/projects/${kasselId}/funding`).set('Cookie', cookie).expect(200);
  });

  it('refuses a cookie-authenticated write without or with a wrong X-CSRF-Token (403), writing nothing', async () => {
    const { cookie, csrf } = await session(t, officer.email);
    const other = await session(t, (await createAccount(t, 'officer', 'deputy@bund.example')).email);
    const before = await tableCounts(t.dataSource);
    const url = `/api/v1/projects/${kasselId}/commitments`;
    for (const header of [
      undefined,
      '',
      'x'.repeat(43),
      `${csrf}x`,
      csrf.toLowerCase() === csrf ? csrf.toUpperCase() : csrf.toLowerCase(),
    ]) {
      const req = t.http.post(url).set('Cookie', cookie).send(commitment);
      const res = await (header === undefined ? req : req.set('X-CSRF-Token', header)).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'AUTH.CSRF_TOKEN_INVALID' });
    }
    // Another session's token does not fit this session.
    expect(other.csrf).not.toBe(csrf);
    await t.http.post(url).set('Cookie', cookie).set('X-CSRF-Token', other.csrf).send(commitment).expect(403);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('accepts the write when X-CSRF-Token echoes mpsc_csrf', async () => {
    const { cookie, csrf } = await session(t, officer.email);
    const res = await t.http
      .post(`/api/v1/projects/${kasselId}/commitments`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .send(commitment)
      .expect(201);
    expect(res.body).toMatchObject({ amountCents: 12_345 });
    const [row] = await t.dataSource.query(
      `SELECT actor_id FROM audit_event WHERE action = 'funding.commitment.create' ORDER BY id DESC LIMIT 1`,
    );
    expect(Number(row.actor_id)).toBe(officer.id);
  });

  it('signs out: both cookies cleared, the end audited; without a cookie it still answers 204', async () => {
    const { cookie } = await session(t, officer.email);
    const res = await t.http.delete('/api/v1/auth/session').set('Cookie', cookie).expect(204);
    const cleared = cookiesOf(res);
    for (const name of ['mpsc_session', 'mpsc_csrf']) {
      expect(cleared[name].value).toBe('');
      expect(new Date(cleared[name].attributes.expires as string).getTime()).toBeLessThan(Date.now());
    }
    const [row] = await t.dataSource.query(`SELECT actor_id FROM audit_event WHERE action = 'auth.logout' ORDER BY id DESC LIMIT 1`);
    expect(Number(row.actor_id)).toBe(officer.id);
    // The session is over on the server too: a copy of the old cookie is refused.
    expect((await t.http.get('/api/v1/me').set('Cookie', cookie).expect(401)).body.code).toBe('AUTH.TOKEN_INVALID');
    await t.http.delete('/api/v1/auth/session').expect(204);
    await t.http.get('/api/v1/me').expect(401);
    // Signing in again starts a new session at once.
    const again = await session(t, officer.email);
    await t.http.get('/api/v1/me').set('Cookie', again.cookie).expect(200);
  });

  it('answers an expired cookie with 401 AUTH.TOKEN_EXPIRED and a forged one with AUTH.TOKEN_INVALID', async () => {
    const expired = await t.app.get(JwtService).signAsync({ sub: officer.id, role: 'officer' }, { expiresIn: -10 });
    const res = await t.http.get('/api/v1/me').set('Cookie', `mpsc_session=${expired}`).expect(401);
    expect(res.body.code).toBe('AUTH.TOKEN_EXPIRED');
    const { token } = await session(t, officer.email);
    const forged = await t.http
      .get('/api/v1/me')
      .set('Cookie', `mpsc_session=${token.slice(0, -2)}xx`)
      .expect(401);
    expect(forged.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('leaves bearer tokens unchanged: no CSRF header needed, and the header wins over a cookie', async () => {
    const auditor = await createAccount(t, 'auditor', 'auditor@brh.example');
    await t.http.post(`/api/v1/projects/${kasselId}/commitments`).set('Authorization', officer.auth).send(commitment).expect(201);
    const { cookie } = await session(t, officer.email);
    const me = await t.http.get('/api/v1/me').set('Authorization', auditor.auth).set('Cookie', cookie).expect(200);
    expect(me.body.role).toBe('auditor');
  });
});

describe('browser session under NODE_ENV=production', () => {
  it('marks both cookies Secure', async () => {
    const t = await createTestApp({ nodeEnv: 'production' });
    try {
      await createAccount(t, 'auditor', 'auditor@brh.example');
      const cookies = cookiesOf(await signIn(t, 'auditor@brh.example').expect(204));
      expect(cookies.mpsc_session.attributes.secure).toBe(true);
      expect(cookies.mpsc_csrf.attributes.secure).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('browser session and the login rate limit', () => {
  it('counts session sign-ins and bearer logins together per address (429 in the error contract)', async () => {
    const t = await createTestApp({ loginRateLimit: { attempts: 3, windowSeconds: 60 } });
    try {
      const wrong = { email: 'nobody@example.org', password: 'wrong-password' };
      await t.http.post('/api/v1/auth/login').send(wrong).expect(401);
      await t.http.post('/api/v1/auth/login').send(wrong).expect(401);
      await t.http.post('/api/v1/auth/session').send(wrong).expect(401);
      const limited = await t.http.post('/api/v1/auth/session').send(wrong).expect(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
    } finally {
      await t.close();
    }
  });
});
