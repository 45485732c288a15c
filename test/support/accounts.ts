import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { Body } from '../../src/bodies/body.entity';
import type { Role } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const PASSWORD = 'a-long-test-password-42';

export interface Account {
  id: number;
  email: string;
  role: Role;
  bodyId: number | null;
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

export async function bodyId(t: TestApp, name: string): Promise<number> {
  const body = await t.dataSource.getRepository(Body).findOneByOrFail({ name });
  return body.id;
}

export async function createAccount(t: TestApp, role: Role, email: string, bodyName?: string): Promise<Account> {
  const users = t.app.get(UsersService);
  const body = bodyName ? await bodyId(t, bodyName) : undefined;
  const user = await users.create(SYSTEM_ACTOR, { email, password: PASSWORD, role, bodyId: body });
  const res = await t.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  const token = res.body.accessToken as string;
  return { id: user.id, email, role, bodyId: user.bodyId, token, auth: `Bearer ${token}` };
}

/** The cast of most access tests: an officer, an auditor, and the municipalities of Kassel and Darmstadt. */
export async function standardAccounts(t: TestApp) {
  return {
    officer: await createAccount(t, 'officer', 'officer@bund.example'),
    auditor: await createAccount(t, 'auditor', 'auditor@brh.example'),
    kassel: await createAccount(t, 'municipality', 'smart@kassel.example', 'Kassel'),
    darmstadt: await createAccount(t, 'municipality', 'digital@darmstadt.example', 'Darmstadt'),
  };
}
