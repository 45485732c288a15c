import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig, DatabaseConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/app-config';
import { buildDataSourceOptions } from '../src/database/data-source';
import type { SyntheticPortfolioResult } from '../src/synthetic/synthetic-portfolio';
import { syncAllObligations } from '../src/obligations/obligation-sync';
import { WorkingDays } from '../src/obligations/working-days';
import { generateSyntheticPortfolio } from '../src/synthetic/synthetic-portfolio';

/** The repository root (bench/ runs from source, see bench/register.js). */
export const ROOT = resolve(__dirname, '..');
export const REGISTER = join(ROOT, 'bench', 'register.js');
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** One line of the result table. ratio = value / baseline (or as the area defines it); pass is null without a target. */
export interface Row {
  area: 'api' | 'rollups' | 'exports' | 'jobs' | 'web' | 'imports';
  name: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  baselineName?: string;
  ratio?: number | null;
  target?: string;
  pass?: boolean | null;
  note?: string;
  extra?: Record<string, unknown>;
}

export interface BenchOptions {
  quick: boolean;
  /** Where the areas put their databases and files; removed at the end. */
  workDir: string;
  log: (line: string) => void;
  /** Shared between areas: the synthetic SQLite portfolios by size, built once per run. */
  portfolios: Map<number, SyntheticDatabase>;
  /** --cache: keep the synthetic SQLite files in data/bench-cache/ and reuse them in later runs. */
  cache: boolean;
  /** --pg-100k: also the 100 000-project roll-ups on PostgreSQL (generating that portfolio takes 30–50 minutes here). */
  postgresLarge: boolean;
}

export interface SyntheticDatabase {
  config: DatabaseConfig;
  projects: number;
  result: SyntheticPortfolioResult | null;
  /** How long generating took (0 when it came from the cache). */
  generateMs: number;
}

/** Synthetic portfolios: 3 rounds (≈ 14 reports, ≈ 10 disbursements, ≈ 1.5 commitments per project), seed 1. */
export const SYNTHETIC_YEARS = 3;
export const SYNTHETIC_SEED = 1;

export function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: (readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') || '').trim(),
  };
}

export function machineLine(): string {
  const m = machine();
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load ${m.loadAverage}`;
}

/** The configuration of a bench process: like production, request logging off (LOG_LEVEL=warn), no schedules. */
export function benchConfig(database: DatabaseConfig, workDir: string, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', LOG_LEVEL: 'warn' });
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    ...base,
    database,
    artifactsDir: join(workDir, 'artifacts'),
    ...overrides,
    jobs: { ...base.jobs, queueName: `mpsc-bench-${unique}`, rollupCron: null, reminderCron: null, ...overrides.jobs },
  };
}

export function sqliteFile(workDir: string, name: string): DatabaseConfig {
  return { type: 'sqlite', path: join(workDir, `${name}.sqlite`) };
}

export async function postgresReachable(): Promise<boolean> {
  const probe = new DataSource({ type: 'postgres', url: POSTGRES_URL, connectTimeoutMS: 2000, extra: { connectionTimeoutMillis: 2000 } });
  try {
    await probe.initialize();
    await probe.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    if (probe.isInitialized) await probe.destroy();
  }
}

/** A fresh schema in the test database, dropped by drop(). */
export async function postgresSchema(tag: string): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  const schema = `bench_${tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new DataSource({ type: 'postgres', url: POSTGRES_URL });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.destroy();
  return {
    config: { type: 'postgres', url: POSTGRES_URL, schema },
    drop: async () => {
      const cleanup = new DataSource({ type: 'postgres', url: POSTGRES_URL });
      await cleanup.initialize();
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await cleanup.destroy();
    },
  };
}

/** Names a cached portfolio after everything that shapes its rows: the generator, the migrations, size and seed. */
function cacheKey(projects: number): string {
  const hash = createHash('sha256');
  for (const dir of ['src/synthetic', 'src/database/migrations']) {
    for (const file of readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.ts'))
      .sort())
      hash.update(file).update(readFileSync(join(ROOT, dir, file)));
  }
  return `synthetic-${projects}-y${SYNTHETIC_YEARS}-s${SYNTHETIC_SEED}-${hash.digest('hex').slice(0, 12)}.sqlite`;
}

/**
 * A fresh, migrated database filled by generateSyntheticPortfolio. SQLite
 * portfolios are built once per run and shared by the areas that only read
 * them (roll-ups, exports); with --cache they are also kept in data/bench-cache/.
 * PostgreSQL: fills the schema it is given (the caller drops it).
 */
export async function syntheticDatabase(
  options: BenchOptions,
  type: 'sqlite' | 'postgres',
  projects: number,
  target?: DatabaseConfig,
): Promise<SyntheticDatabase> {
  if (type === 'sqlite') {
    const known = options.portfolios.get(projects);
    if (known) return known;
  }
  const cacheDir = join(ROOT, 'data', 'bench-cache');
  const cached = type === 'sqlite' && options.cache ? join(cacheDir, cacheKey(projects)) : null;
  if (cached && existsSync(cached)) {
    const copy: DatabaseConfig = { type: 'sqlite', path: cached };
    const entry = { config: copy, projects, result: null, generateMs: 0 };
    options.portfolios.set(projects, entry);
    options.log(`  synthetic ${projects} projects: reusing ${cached}`);
    return entry;
  }
  const database = target ?? sqliteFile(options.workDir, `synthetic-${projects}`);
  const dataSource = await migratedDataSource(database);
  let lastLog = 0;
  try {
    const result = await generateSyntheticPortfolio(dataSource, {
      projects,
      years: SYNTHETIC_YEARS,
      seed: SYNTHETIC_SEED,
      onProgress: (done, total, stage) => {
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          options.log(`  generating ${type} ${total} projects: ${stage} ${done}/${total}`);
        }
      },
    });
    const calendar = loadConfig({}).reporting;
    await syncAllObligations((work) => dataSource.transaction(work), calendar, new WorkingDays());
    options.log(
      `  synthetic ${type} ${projects} projects: ${result.reports} reports, ${result.disbursements} disbursements, ${result.commitments} commitments in ${(result.ms / 1000).toFixed(0)} s`,
    );
    const entry: SyntheticDatabase = { config: database, projects, result, generateMs: result.ms };
    if (type === 'sqlite') {
      await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      if (cached && database.type === 'sqlite') {
        mkdirSync(cacheDir, { recursive: true });
        copyFileSync(database.path, `${cached}.partial`);
        renameSync(`${cached}.partial`, cached);
      }
      options.portfolios.set(projects, entry);
    }
    return entry;
  } finally {
    await dataSource.destroy();
  }
}

/** A data source on `database` with every migration applied and nothing seeded. */
export async function migratedDataSource(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(database));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export function newWorkDir(): string {
  return mkdtempSync(join(process.env.BENCH_TMP || tmpdir(), 'mpsc-benchrun-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const now = () => performance.now();

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the child in MiB, seen from outside (GNU time, else /proc sampling). */
  peakRssMiB: number | null;
  wallMs: number;
}

let compileCacheWarm = false;

/** Once per bench process: every source file compiled into register.js's cache, so that no measured child loads the compiler. */
function warmCompileCache(): void {
  if (compileCacheWarm) return;
  compileCacheWarm = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the register hook is plain JavaScript, loaded by -r
  (require(REGISTER) as { warm(...folders: string[]): void }).warm(join(ROOT, 'src'), join(ROOT, 'bench'));
}

/**
 * Runs a TypeScript file of bench/ in a child Node process (through the same
 * register hook) and measures its peak RSS from outside: with /usr/bin/time
 * (maximum resident set size of the child) when present, and by sampling
 * /proc/<pid>/status VmHWM otherwise. Killed after timeoutMs.
 */
export function runChild(
  file: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; nodeArgs?: string[] },
): Promise<ChildResult> {
  warmCompileCache();
  const timeFile = join(tmpdir(), `mpsc-bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`);
  const useTime = existsSync('/usr/bin/time');
  const node = [process.execPath, ...(options.nodeArgs ?? []), '-r', REGISTER, join(ROOT, 'bench', file), ...args];
  const [command, ...commandArgs] = useTime ? ['/usr/bin/time', '-f', '%M', '-o', timeFile, ...node] : node;
  const start = performance.now();
  return new Promise((resolvePromise, reject) => {
    // No source maps in measured children: they cost memory that a production process (compiled JS) does not spend.
    const env = { ...process.env, BENCH_SOURCE_MAPS: '0', ...options.env };
    const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampledKiB = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // With /usr/bin/time the node process is time's child: sample the whole tree below our child.
    const sampler = setInterval(() => {
      for (const pid of descendants(child.pid)) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
          if (hwm && /^Name:\s+node/m.test(status)) sampledKiB = Math.max(sampledKiB, Number(hwm[1]));
        } catch {
          /* the process ended between listing and reading */
        }
      }
    }, 50);
    const timer = setTimeout(() => {
      stderr += `\n[bench] killed after ${options.timeoutMs} ms`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      let peakKiB: number | null = sampledKiB || null;
      if (useTime && existsSync(timeFile)) {
        const reported = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(reported) && reported > 0) peakKiB = Math.max(reported, sampledKiB);
        rmSync(timeFile, { force: true });
      }
      resolvePromise({
        code,
        stdout,
        stderr,
        peakRssMiB: peakKiB === null ? null : round(peakKiB / 1024, 1),
        wallMs: performance.now() - start,
      });
    });
  });
}

function descendants(pid: number | undefined): number[] {
  if (!pid) return [];
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const children = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    } catch {
      /* gone */
    }
  }
  return all;
}

/** The last line of a child's stdout that parses as JSON: children print their result that way. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as T;
    } catch {
      /* not the result line */
    }
  }
  throw new Error(`no JSON result in the child's output: ${stdout.slice(-500)}`);
}
