import { randomBytes } from 'node:crypto';
import { validateCronExpression } from 'cron';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { type ImportsConfig, type OpenDataConfig, readImports, readOpenData } from './data-exchange-config';

/**
 * The one place that reads the environment. Everything else receives an
 * AppConfig through injection (APP_CONFIG), so a bad value fails at start-up,
 * once, with a line that names the variable.
 */
export type NodeEnv = 'development' | 'production' | 'test';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; schema?: string };

export interface AppConfig {
  /** Which process this is: the HTTP API (`npm start`) or a queue worker (`npm run worker`). Set by the entry point, not the environment. */
  role: 'api' | 'worker';
  nodeEnv: NodeEnv;
  port: number;
  database: DatabaseConfig;
  redisUrl: string | null;
  jwt: { secret: string; generated: boolean; expiresInSeconds: number };
  admin: { email: string; password: string } | null;
  artifactsDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedOnStart: boolean;
  reporting: { cadence: ReportingCadence; dueMonthsAfterPeriod: number };
  /**
   * Deadlines: a due date on a Saturday, Sunday or public holiday of the lead's Land moves to the next working day
   * (§ 31 (3) VwVfG) unless `workingDays` is off; reminders go out this many working days before and after a due date;
   * a project status change may take effect at most `statusFutureDays` days ahead.
   */
  deadlines: { workingDays: boolean; reminderDaysBefore: number; reminderDaysAfter: number; statusFutureDays: number };
  loginRateLimit: { attempts: number; windowSeconds: number };
  jobs: JobsConfig;
  /** Seconds a public portfolio response (programme, rounds, categories, states, projects) is served from memory; 0 = off. */
  portfolioCacheSeconds: number;
  /** The built web app (`web/dist`) served at `/`; when it has no index.html the API runs alone and `/` says how to build. */
  webRoot: string;
  /** Origins allowed to call the API from a browser on another origin (CORS); empty = CORS off. */
  corsOrigins: string[];
  /** GET /metrics: with a bearer token on the API port, and/or on a port of its own; neither = no metrics route. */
  metrics: { token: string | null; port: number | null; host: string };
  /** Export files older than this many days are deleted by the retention job (their runs become expired). */
  exportRetentionDays: number;
  /** Open-data files: licence, publisher, public address (OPEN_DATA_*, PUBLIC_BASE_URL). */
  openData: OpenDataConfig;
  /** Bulk import limits (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS). */
  imports: ImportsConfig;
}

export interface JobsConfig {
  /** With REDIS_URL: also process jobs in the API process (default: only enqueue; `npm run worker` processes). */
  workInApi: boolean;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  /** Cron for the nightly funding and progress roll-ups; null = off. */
  rollupCron: string | null;
  /** Cron for the daily report reminders; null = off. */
  reminderCron: string | null;
  /** Cron for the daily deletion of old export files; null = off. */
  retentionCron: string | null;
  queueName: string;
  /** BullMQ lock duration: a job whose worker stops renewing it for this long counts as stalled. */
  lockMs: number;
  /** How often workers look for stalled jobs to take over. */
  stalledCheckMs: number;
}

export const REPORTING_CADENCES = ['half_yearly', 'quarterly', 'yearly'] as const;
export type ReportingCadence = (typeof REPORTING_CADENCES)[number];

export const APP_CONFIG = Symbol('APP_CONFIG');

export { ConfigError };

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535 (got "${raw}")`);
  }
  return port;
}

function readNodeEnv(env: Env): NodeEnv {
  const raw = env.NODE_ENV?.trim() || 'development';
  if (raw !== 'development' && raw !== 'production' && raw !== 'test') {
    throw new ConfigError('NODE_ENV', `must be development, production or test (got "${raw}")`);
  }
  return raw;
}

export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseConfig {
  const value = raw?.trim() || 'sqlite:data/mpsc.sqlite';
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ConfigError('DATABASE_URL', 'needs a file path after "sqlite:" (e.g. sqlite:data/mpsc.sqlite)');
    if (path === ':memory:') return { type: 'sqlite', path };
    return { type: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'needs a host (postgres://user@host:5432/db)');
    if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'needs a database name (postgres://user@host:5432/db)');
    const schema = url.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new ConfigError('DATABASE_URL', 'has an invalid ?schema= (lower-case letters, digits and _ only)');
    }
    url.searchParams.delete('schema');
    return { type: 'postgres', url: url.toString(), schema };
  }
  throw new ConfigError('DATABASE_URL', `must start with "sqlite:" or "postgres://" (got "${value.slice(0, 40)}")`);
}

function readRedisUrl(env: Env): string | null {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error();
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  return raw;
}

function readJwt(env: Env, nodeEnv: NodeEnv): AppConfig['jwt'] {
  const secret = env.JWT_SECRET?.trim();
  const ttlRaw = env.JWT_EXPIRES_IN_SECONDS?.trim();
  let expiresInSeconds = 3600;
  if (ttlRaw) {
    expiresInSeconds = Number(ttlRaw);
    if (!/^\d+$/.test(ttlRaw) || expiresInSeconds < 60 || expiresInSeconds > 7 * 24 * 3600) {
      throw new ConfigError('JWT_EXPIRES_IN_SECONDS', 'must be a whole number of seconds from 60 to 604800');
    }
  }
  if (secret) {
    if (secret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
    return { secret, generated: false, expiresInSeconds };
  }
  if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  return { secret: randomBytes(48).toString('base64url'), generated: true, expiresInSeconds };
}

function readAdmin(env: Env): AppConfig['admin'] {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (!email && !password) return null;
  if (!email) throw new ConfigError('ADMIN_EMAIL', 'must be set together with ADMIN_PASSWORD');
  if (!password) throw new ConfigError('ADMIN_PASSWORD', 'must be set together with ADMIN_EMAIL');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ConfigError('ADMIN_EMAIL', 'is not an e-mail address');
  if (password.length < 12) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters long');
  return { email: email.toLowerCase(), password };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readLogLevel(env: Env, nodeEnv: NodeEnv): AppConfig['logLevel'] {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return nodeEnv === 'test' ? 'silent' : 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return raw as AppConfig['logLevel'];
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

function readCadence(env: Env): ReportingCadence {
  const raw = env.REPORT_CADENCE?.trim() || 'half_yearly';
  if (!(REPORTING_CADENCES as readonly string[]).includes(raw)) {
    throw new ConfigError('REPORT_CADENCE', `must be one of ${REPORTING_CADENCES.join(', ')} (got "${raw}")`);
  }
  return raw as ReportingCadence;
}

function readCron(env: Env, name: string, fallback: string): string | null {
  const raw = env[name]?.trim() || fallback;
  if (raw === 'off') return null;
  if (!validateCronExpression(raw).valid)
    throw new ConfigError(name, `must be a cron expression like "${fallback}" or "off" (got "${raw}")`);
  return raw;
}

function readQueueName(env: Env): string {
  const raw = env.JOB_QUEUE?.trim() || 'mpsc-jobs';
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(raw)) throw new ConfigError('JOB_QUEUE', 'must be letters, digits, - and _ (at most 60)');
  return raw;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, 'must be true or false');
}

function readWebRoot(env: Env, cwd: string): string {
  const raw = env.WEB_ROOT?.trim() || 'web/dist';
  const path = isAbsolute(raw) ? raw : resolve(cwd, raw);
  let isFile: boolean;
  try {
    isFile = !statSync(path).isDirectory();
  } catch {
    return path; // not built yet: the API starts without the web app
  }
  if (isFile) throw new ConfigError('WEB_ROOT', `must be a folder (the built web app), not a file (got "${raw}")`);
  return path;
}

function readCorsOrigins(env: Env): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // refused below
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be a comma-separated list of origins like https://tracker.example.org (got "${origin.slice(0, 60)}")`,
      );
    }
    return origin;
  });
}

function readMetrics(env: Env): AppConfig['metrics'] {
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token !== null && token.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
  const portRaw = env.METRICS_PORT?.trim();
  const port = portRaw ? readInt(env, 'METRICS_PORT', 0, 1, 65535) : null;
  return { token, port, host: env.METRICS_HOST?.trim() || '0.0.0.0' };
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = readNodeEnv(env);
  const artifacts = env.ARTIFACTS_DIR?.trim() || 'data/artifacts';
  const port = readPort(env);
  return {
    role: 'api',
    nodeEnv,
    port,
    database: parseDatabaseUrl(env.DATABASE_URL, cwd),
    redisUrl: readRedisUrl(env),
    jwt: readJwt(env, nodeEnv),
    admin: readAdmin(env),
    artifactsDir: isAbsolute(artifacts) ? artifacts : resolve(cwd, artifacts),
    logLevel: readLogLevel(env, nodeEnv),
    seedOnStart: readBoolean(env, 'SEED_ON_START', true),
    reporting: { cadence: readCadence(env), dueMonthsAfterPeriod: readInt(env, 'REPORT_DUE_MONTHS', 1, 0, 12) },
    deadlines: {
      workingDays: readBoolean(env, 'DUE_DATES_ON_WORKING_DAYS', true),
      reminderDaysBefore: readInt(env, 'REMINDER_WORKING_DAYS_BEFORE', 10, 0, 60),
      reminderDaysAfter: readInt(env, 'REMINDER_WORKING_DAYS_AFTER', 5, 0, 60),
      statusFutureDays: readInt(env, 'STATUS_FUTURE_DAYS', 90, 0, 3650),
    },
    loginRateLimit: {
      attempts: readInt(env, 'LOGIN_RATE_LIMIT', 10, 1, 10000),
      windowSeconds: readInt(env, 'LOGIN_RATE_WINDOW_SECONDS', 60, 1, 86400),
    },
    portfolioCacheSeconds: readInt(env, 'PORTFOLIO_CACHE_SECONDS', 5, 0, 3600),
    webRoot: readWebRoot(env, cwd),
    corsOrigins: readCorsOrigins(env),
    metrics: readMetrics(env),
    exportRetentionDays: readInt(env, 'EXPORT_RETENTION_DAYS', 30, 1, 3650),
    openData: readOpenData(env, port),
    imports: readImports(env),
    jobs: {
      workInApi: readBoolean(env, 'JOBS_WORK_IN_API', false),
      concurrency: readInt(env, 'JOB_CONCURRENCY', 2, 1, 64),
      attempts: readInt(env, 'JOB_ATTEMPTS', 3, 1, 20),
      backoffMs: readInt(env, 'JOB_BACKOFF_MS', 2000, 10, 600_000),
      rollupCron: readCron(env, 'ROLLUP_CRON', '0 2 * * *'),
      reminderCron: readCron(env, 'REMINDER_CRON', '0 6 * * *'),
      retentionCron: readCron(env, 'RETENTION_CRON', '30 3 * * *'),
      queueName: readQueueName(env),
      lockMs: readInt(env, 'JOB_LOCK_MS', 60_000, 1000, 3_600_000),
      stalledCheckMs: readInt(env, 'JOB_STALLED_CHECK_MS', 15_000, 500, 3_600_000),
    },
  };
}
