import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { buildOnce } from './support/processes';
import { testConfig } from './support/test-app';

/**
 * Issue 11, item 6: `npm run backup` copies the SQLite database while the service runs; `npm run restore` puts it
 * into an empty database, which then answers the same programme and funding totals. (Always SQLite: PostgreSQL
 * is backed up with pg_dump.)
 */
const ROOT = join(__dirname, '..');

function cli(args: string[], databasePath: string) {
  return spawnSync(process.execPath, [join(ROOT, 'dist', 'operations', 'backup.cli.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: `sqlite:${databasePath}` },
    encoding: 'utf8',
  });
}

async function totals(app: NestFastifyApplication, auth: string) {
  const http = request(app.getHttpServer());
  const programme = (await http.get('/api/v1/programme').expect(200)).body;
  const id = (await http.get('/api/v1/projects/kassel').expect(200)).body.id;
  const kassel = (await http.get(`/api/v1/projects/${id}/funding`).set('authorization', auth).expect(200)).body;
  return { programme, kassel };
}

describe('backup and restore', () => {
  let dir: string;
  const apps: NestFastifyApplication[] = [];
  beforeAll(() => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'mpsc-backup-'));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the running service and restores into an empty database with the same totals', async () => {
    const live = join(dir, 'live.sqlite');
    const admin = { email: 'office@bund.example', password: 'a-long-admin-password-42' };
    const app = await createApp(testConfig({ type: 'sqlite', path: live }, { admin }));
    apps.push(app);
    const http = request(app.getHttpServer());
    const token = (await http.post('/api/v1/auth/login').send(admin).expect(200)).body.accessToken;
    const auth = `Bearer ${token}`;
    const kassel = (await http.get('/api/v1/projects/kassel').expect(200)).body.id;
    await http
      .post(`/api/v1/projects/${kassel}/commitments`)
      .set('authorization', auth)
      .send({ amountCents: 123_456_789, date: '2021-03-15', phase: 'B' })
      .expect(201);
    await http
      .post(`/api/v1/projects/${kassel}/disbursements`)
      .set('authorization', auth)
      .send({ amountCents: 23_456_789, date: '2022-06-30', budgetYear: 2022 })
      .expect(201);
    const before = await totals(app, auth);

    const backup = join(dir, 'backups', 'nightly.sqlite');
    const made = cli(['backup', backup], live);
    expect({ status: made.status, out: made.stdout }).toEqual({ status: 0, out: expect.stringContaining(`to ${backup}`) });
    expect(existsSync(`${backup}.partial`)).toBe(false);
    // A backup never overwrites, and a restore never goes into a database holding data.
    expect(cli(['backup', backup], live).status).toBe(1);
    const refused = cli(['restore', backup], live);
    expect({ status: refused.status, err: refused.stderr }).toEqual({ status: 1, err: expect.stringContaining('is not empty') });

    const restored = join(dir, 'restored.sqlite');
    const done = cli(['restore', backup], restored);
    expect({ status: done.status, err: done.stderr }).toEqual({ status: 0, err: '' });
    const second = await createApp(testConfig({ type: 'sqlite', path: restored }));
    apps.push(second);
    const login = (await request(second.getHttpServer()).post('/api/v1/auth/login').send(admin).expect(200)).body.accessToken;
    const after = await totals(second, `Bearer ${login}`);
    expect(after).toEqual(before);
    expect(after.kassel).toMatchObject({ committedCents: 123_456_789, disbursedCents: 23_456_789 });
  }, 120_000);

  it('refuses a file that is not a backup of this service', () => {
    const other = join(dir, 'other.sqlite');
    execFileSync('sqlite3', [other, 'CREATE TABLE t (x int);'], { stdio: 'ignore' });
    const res = cli(['restore', other], join(dir, 'empty.sqlite'));
    expect({ status: res.status, err: res.stderr }).toEqual({ status: 1, err: expect.stringContaining('not a backup of this service') });
  });
});
