import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config';

const ROOT = join(__dirname, '..', '..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Compiles src/ to dist/ when dist/ is older than src/ (tests that start real processes run what `npm start` runs). */
export function buildOnce(): void {
  const stamp = join(ROOT, 'dist', 'main.js');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** DATABASE_URL that points another process at the test app's own database. */
export function databaseUrl(config: AppConfig): string {
  const db = config.database;
  if (db.type === 'sqlite') return `sqlite:${db.path}`;
  const url = new URL(db.url);
  if (db.schema) url.searchParams.set('schema', db.schema);
  return url.toString();
}

/** The environment a child process needs to share the test app's database, queue and artifacts. */
export function childEnv(config: AppConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATABASE_URL: databaseUrl(config),
    ARTIFACTS_DIR: config.artifactsDir,
    JOB_QUEUE: config.jobs.queueName,
    ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}),
    ...extra,
  };
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startNode(script: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [join(ROOT, 'dist', script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}
