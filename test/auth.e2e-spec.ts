import { createAccount, PASSWORD, standardAccounts } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

describe('logging in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('gives a bearer token that /me resolves to the account', async () => {
    const { kassel } = await standardAccounts(t);
    const me = await t.http.get('/api/v1/me').set('Authorization', kassel.auth).expect(200);
    expect(me.body).toEqual({ id: kassel.id, email: 'smart@kassel.example', role: 'municipality', bodyId: kassel.bodyId });
  });

  it('refuses a wrong password with 401 and records the failure in the audit trail', async () => {
    await createAccount(t, 'auditor', 'someone@example.org');
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'someone@example.org', password: 'wrong-password' }).expect(401);
    expect(res.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    const [row] = await t.dataSource.query(`SELECT action, actor_email FROM audit_event WHERE action = 'auth.login_failed'`);
    expect(row).toMatchObject({ action: 'auth.login_failed', actor_email: 'someone@example.org' });
    void PASSWORD;
  });
});

describe('tokens that must not work', () => {
  let t: TestApp;
  let officerToken: string;
  let officerId: number;
  const secret = 'test-secret-that-is-long-enough-0123456789';
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  beforeAll(async () => {
    t = await createTestApp();
    const officer = await createAccount(t, 'officer', 'chief@bund.example');
    officerToken = officer.token;
    officerId = officer.id;
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  it('accepts the genuine token', async () => {
    await me(officerToken).expect(200);
  });

  it('refuses a token whose payload was changed (role or user), with 401', async () => {
    const [header, , signature] = officerToken.split('.');
    const forged = `${header}.${b64({ sub: officerId + 1, role: 'officer', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`;
    const res = await me(forged).expect(401);
    expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuses an expired token with 401 AUTH.TOKEN_EXPIRED', async () => {
    const { sign } = await import('jsonwebtoken');
    const expired = sign({ sub: officerId, role: 'officer', exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' });
    const res = await me(expired).expect(401);
    expect(res.body.code).toBe('AUTH.TOKEN_EXPIRED');
  });

  it('refuses alg "none" and tokens signed with another secret or algorithm', async () => {
    const { sign } = await import('jsonwebtoken');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: officerId, role: 'officer' })}.`;
    await me(none).expect(401);
    await me(sign({ sub: officerId, role: 'officer' }, 'another-secret-of-sufficient-length-000', { algorithm: 'HS256' })).expect(401);
    await me(sign({ sub: officerId, role: 'officer' }, secret, { algorithm: 'HS512' })).expect(401);
    await me('not.a.token').expect(401);
    await t.http.get('/api/v1/me').set('Authorization', officerToken).expect(401);
    await t.http.get('/api/v1/me').set('Authorization', `Basic ${officerToken}`).expect(401);
  });

  it('stops a deactivated account at once, even with an unexpired token', async () => {
    const other = await createAccount(t, 'auditor', 'leaving@brh.example');
    await me(other.token).expect(200);
    await t.http.patch(`/api/v1/users/${other.id}`).set('Authorization', `Bearer ${officerToken}`).send({ active: false }).expect(200);
    await me(other.token).expect(401);
    await t.http.post('/api/v1/auth/login').send({ email: 'leaving@brh.example', password: PASSWORD }).expect(401);
  });
});

describe('fields a caller must not set (mass assignment)', () => {
  let t: TestApp;
  let accounts: Awaited<ReturnType<typeof standardAccounts>>;
  beforeAll(async () => {
    t = await createTestApp();
    accounts = await standardAccounts(t);
  });
  afterAll(() => t.close());

  it('refuses role, bodyId or active where they are not part of the request, writing nothing', async () => {
    const before = await tableCounts(t.dataSource);
    const cases = [
      t.http.post('/api/v1/auth/login').send({ email: accounts.kassel.email, password: PASSWORD, role: 'officer' }),
      t.http.patch(`/api/v1/users/${accounts.kassel.id}`).set('Authorization', accounts.officer.auth).send({ role: 'officer' }),
      t.http.patch(`/api/v1/users/${accounts.kassel.id}`).set('Authorization', accounts.officer.auth).send({ bodyId: 1 }),
      t.http
        .post('/api/v1/users')
        .set('Authorization', accounts.officer.auth)
        .send({ email: 'x@example.org', password: PASSWORD, role: 'auditor', active: false }),
      t.http
        .post('/api/v1/users')
        .set('Authorization', accounts.officer.auth)
        .send({ email: 'y@example.org', password: PASSWORD, role: 'auditor', bodyId: 1 }),
      t.http
        .post('/api/v1/users')
        .set('Authorization', accounts.officer.auth)
        .send({ email: 'z@example.org', password: PASSWORD, role: 'admin' }),
      t.http
        .post('/api/v1/users')
        .set('Authorization', accounts.officer.auth)
        .send({ email: 'w@example.org', password: PASSWORD, role: 'municipality' }),
    ];
    const fields = ['role', 'role', 'bodyId', 'active', 'bodyId', 'role', 'bodyId'];
    for (const [i, pending] of cases.entries()) {
      const res = await pending;
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(fields[i]);
    }
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('never lets a municipality account act for another body by what it sends', async () => {
    const darmstadt = await t.http.get('/api/v1/projects/darmstadt').expect(200);
    const res = await t.http
      .post(`/api/v1/projects/${darmstadt.body.id}/reports`)
      .set('Authorization', accounts.kassel.auth)
      .send({ period: '2024-H1' });
    expect(res.status).toBe(404);
    const forged = await t.http
      .post(`/api/v1/projects/${darmstadt.body.id}/reports`)
      .set('Authorization', accounts.kassel.auth)
      .send({ period: '2024-H1', bodyId: accounts.darmstadt.bodyId });
    expect(forged.status).toBe(400);
  });
});

describe('login rate limit', () => {
  it('answers 429 after LOGIN_RATE_LIMIT attempts from one address, and leaves other routes alone', async () => {
    const t = await createTestApp({ loginRateLimit: { attempts: 3, windowSeconds: 60 } });
    try {
      await createAccount(t, 'auditor', 'counted@example.org');
      for (let i = 0; i < 2; i++) {
        await t.http
          .post('/api/v1/auth/login')
          .send({ email: 'counted@example.org', password: 'guess-number-' + i })
          .expect(401);
      }
      const limited = await t.http.post('/api/v1/auth/login').send({ email: 'counted@example.org', password: PASSWORD }).expect(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
      await t.http.get('/api/v1/programme').expect(200);
    } finally {
      await t.close();
    }
  });
});
