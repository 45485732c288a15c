import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACCOUNTS, type Account } from './accounts';

/**
 * Playwright's global setup: builds what is stale, starts the real server (`node dist/main.js`) on a
 * free port with a fresh SQLite file, creates the fixture accounts through the API, and hands the
 * address to the tests as MPSC_BASE_URL (playwright.config.ts makes it the baseURL). The function it
 * returns is the global teardown: it stops the server and removes the folder.
 */
export const ROOT = resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function waitUntilHealthy(base: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${output()}`);
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not become healthy within 120 s:\n${output()}`);
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function createAccounts(base: string): Promise<void> {
  const { accessToken } = await api(base, 'POST', '/api/v1/auth/login', { email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password });
  for (const account of Object.values(ACCOUNTS) as Account[]) {
    if (account.email === ACCOUNTS.admin.email) continue;
    const bodyId = account.projectSlug ? (await api(base, 'GET', `/api/v1/projects/${account.projectSlug}`)).lead.id : undefined;
    await api(base, 'POST', '/api/v1/users', { email: account.email, password: account.password, role: account.role, bodyId }, accessToken);
  }
}

export interface RunningServer {
  base: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * The real server (`node dist/main.js`, built if stale) on a free port with a fresh SQLite file in a
 * folder of its own, no Redis, no schedules; resolves once /health answers. Shared by the browser
 * tests and the bench (bench/web.ts).
 */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-playwright-server-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dir, 'e2e.sqlite')}`,
    ARTIFACTS_DIR: join(dir, 'artifacts'),
    JWT_SECRET: 'e2e-secret-that-is-long-enough-0123456789',
    ROLLUP_CRON: 'off',
    REMINDER_CRON: 'off',
    ...extraEnv,
  };
  let output = '';
  const server = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(base, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, dir, stop };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer({
    ADMIN_EMAIL: ACCOUNTS.admin.email,
    ADMIN_PASSWORD: ACCOUNTS.admin.password,
    // Journeys sign in many times from one address.
    LOGIN_RATE_LIMIT: '10000',
  });
  try {
    await createAccounts(server.base);
  } catch (error) {
    await server.stop();
    throw error;
  }
  process.env.MPSC_BASE_URL = server.base;
  process.env.MPSC_E2E_DIR = server.dir;
  return server.stop;
}
