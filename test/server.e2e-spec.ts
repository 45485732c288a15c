import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built server as an operator starts it (`node dist/main.js`): it refuses
 * a bad configuration with one line, and on a fresh machine it serves the real
 * portfolio from an SQLite file with nothing else installed.
 */
const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ only when it is missing or older than src/. Type errors are `npm run typecheck`'s business; tsc emits regardless. */
function ensureBuilt(): void {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (!existsSync(MAIN)) throw new Error(`the build produced no dist/main.js:\n${tsc.stdout}${tsc.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Only what the test sets: nothing leaks in from the developer's shell (DATABASE_URL, REDIS_URL, JWT_SECRET …). */
const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() });

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(env: Record<string, string>): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function projectsOnceUp(port: number, ms: number, exited: Promise<Run>): Promise<{ items: unknown[]; total: number }> {
  let stopped: Run | undefined;
  void exited.then((run) => (stopped = run));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (stopped) throw new Error(`the server exited (${stopped.code ?? stopped.signal}):\n${stopped.stderr}${stopped.stdout}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/projects?limit=100`);
      if (res.ok) return (await res.json()) as { items: unknown[]; total: number };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer on port ${port} within ${ms} ms`);
}

describe('the built server', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'mpsc-server-'));
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses PORT=abc: exit code 1 and one line on stderr naming PORT', async () => {
    const { child, done } = start({ ...baseEnv(), PORT: 'abc', DATABASE_URL: `sqlite:${join(dir, 'never.sqlite')}` });
    children.push(child);
    const run = await within(20_000, done, 'refusing PORT=abc');
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/abc/);
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  });

  it('starts on a fresh SQLite file without Redis and serves the 73 projects, then again after a restart', async () => {
    const file = join(dir, 'x.sqlite');
    const env = {
      ...baseEnv(),
      PORT: String(await freePort()),
      DATABASE_URL: `sqlite:${file}`,
      ARTIFACTS_DIR: join(dir, 'artifacts'),
      LOG_LEVEL: 'warn',
    };

    for (const round of ['first start', 'restart']) {
      const { child, done } = start(env);
      children.push(child);
      // A wait for readiness, not a speed claim (start-up time is measured in bench/, never asserted here).
      const page = await projectsOnceUp(Number(env.PORT), 60_000, done);
      expect({ round, items: page.items.length, total: page.total }).toEqual({ round, items: 73, total: 73 });
      child.kill('SIGTERM');
      const run = await within(30_000, done, 'stopping on SIGTERM');
      expect(run.stderr).not.toMatch(/Error|ERROR/);
    }
    expect(existsSync(file)).toBe(true);
  }, 180_000);
});
