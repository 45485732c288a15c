import { createAccount, PASSWORD, standardAccounts } from './support/accounts';
import { createTestApp, TestApp } from './support/test-app';

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
