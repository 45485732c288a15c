import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiProcess } from './support/api-process';
import { ADMIN, startApi } from './support/api-process';
import { buildOnce } from './support/processes';
import type { Service } from './support/services';
import { ownRedis } from './support/services';

/**
 * Issue 11, item 2: two API processes on one database and one Redis (of this test's own) share the login limit,
 * and a portfolio change (`npm run seed`) reaches the cache of both at once instead of after its lifetime.
 */
const ROOT = join(__dirname, '..');

describe('two API instances', () => {
  let redis: Service;
  let dir: string;
  let env: Record<string, string>;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    buildOnce();
    redis = await ownRedis();
    dir = mkdtempSync(join(tmpdir(), 'mpsc-two-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      REDIS_URL: redis.url,
      JOB_QUEUE: 'two-instances',
      JOBS_WORK_IN_API: 'true',
      LOGIN_RATE_LIMIT: '4',
      LOGIN_RATE_WINDOW_SECONDS: '60',
      PORTFOLIO_CACHE_SECONDS: '300',
      ROLLUP_CRON: 'off',
      REMINDER_CRON: 'off',
    };
    a = await startApi(env);
    b = await startApi(env);
  }, 180_000);
  afterAll(async () => {
    for (const api of [a, b]) api?.process.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await redis.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts login attempts across both instances', async () => {
    const wrong = { email: ADMIN.email, password: 'wrong-password-000' };
    const statuses: number[] = [];
    for (const api of [a, b, a, b, a, b]) statuses.push((await api.call('/api/v1/auth/login', { method: 'POST', json: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const limited = await b.call('/api/v1/auth/login', { method: 'POST', json: ADMIN });
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
  });

  it('serves a seed change from both instances at once, not after the cache lifetime (300 s)', async () => {
    const sqlite = (sql: string) =>
      execFileSync('sqlite3', [join(dir, 'db.sqlite'), sql])
        .toString()
        .trim();
    const original = sqlite(`SELECT name FROM project WHERE slug = 'kassel'`);
    sqlite(`UPDATE project SET name = 'Edited behind the service' WHERE slug = 'kassel'`);
    // Both instances now hold the edited name (read after the edit) for 300 s.
    for (const api of [a, b]) {
      await api.call('/api/v1/projects/kassel');
      expect((await api.call('/api/v1/projects/kassel')).body.name).toBe('Edited behind the service');
    }
    // The seed puts the name back and tells every instance through Redis.
    execFileSync(process.execPath, [join(ROOT, 'dist', 'seeds', 'seed.cli.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    });
    expect(sqlite(`SELECT name FROM project WHERE slug = 'kassel'`)).toBe(original);
    for (const api of [a, b]) {
      let name = '';
      for (let i = 0; i < 40 && name !== original; i++) {
        name = (await api.call('/api/v1/projects/kassel')).body.name;
        if (name !== original) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(name).toBe(original);
    }
  });
});
