import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import type { AppConfig, DatabaseConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/app-config';

/**
 * Every e2e test runs against a real database of its own: a fresh SQLite file,
 * or, when DATABASE_URL points at PostgreSQL, a fresh schema in it. Both are
 * built by the real migrations and seeded with the real portfolio.
 */
export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export const usingPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

export async function createTestDatabase(): Promise<TestDatabase> {
  if (usingPostgres) {
    const url = process.env.DATABASE_URL as string;
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new DataSource({ type: 'postgres', url });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
    return {
      config: { type: 'postgres', url, schema },
      drop: async () => {
        const cleanup = new DataSource({ type: 'postgres', url });
        await cleanup.initialize();
        await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await cleanup.destroy();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-test-'));
  return {
    config: { type: 'sqlite', path: join(dir, 'test.sqlite') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The Redis the queue tests use: REDIS_URL, or the one on this machine (127.0.0.1:6379). Without it the queue tests fail, never skip. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * A configuration of our own for each test app: its own artifacts folder, its
 * own queue name (so apps sharing one Redis never see each other's jobs),
 * in-process jobs unless a test passes `redisUrl`, and no schedules unless a
 * test asks for them.
 */
export function testConfig(database: DatabaseConfig, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-long-enough-0123456789' });
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    ...base,
    database,
    artifactsDir: mkdtempSync(join(tmpdir(), 'mpsc-artifacts-')),
    loginRateLimit: { attempts: 100_000, windowSeconds: 60 },
    // Many tests change rows behind the service's back (plain SQL) and read them at once: no response cache
    // unless a test asks for it (test/portfolio-cache.e2e-spec.ts does).
    portfolioCacheSeconds: 0,
    ...overrides,
    jobs: {
      ...base.jobs,
      queueName: `mpsc-test-${unique}`,
      backoffMs: 50,
      rollupCron: null,
      reminderCron: null,
      retentionCron: null,
      ...overrides.jobs,
    },
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.config, overrides);
  const app = await createApp(config);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    config,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(config.artifactsDir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every table: compared before and after a refused request to prove nothing was written. */
export async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const tables = dataSource.entityMetadatas.map((m) => m.tableName).sort();
  for (const table of tables) {
    const [row] = await dataSource.query(`SELECT COUNT(*) AS n FROM "${table}"`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Two apps over equal data: one running jobs in-process, one through BullMQ on
 * the test Redis (working in the API process), to show both give the same result.
 */
export async function inProcessAndQueuedApps(): Promise<{ inProcess: TestApp; queued: TestApp }> {
  const inProcess = await createTestApp({ redisUrl: null });
  const queued = await createTestApp({
    redisUrl: TEST_REDIS_URL,
    jobs: { ...inProcess.config.jobs, queueName: `${inProcess.config.jobs.queueName}-bullmq`, workInApi: true },
  });
  return { inProcess, queued };
}

/**
 * The calendar's due dates as they are, without moving them off weekends and holidays: for tests about the calendar
 * itself (test/obligations.e2e-spec.ts covers the working-day rule).
 */
export const CALENDAR_DAYS: Partial<AppConfig> = {
  deadlines: { workingDays: false, reminderDaysBefore: 14, reminderDaysAfter: 1, statusFutureDays: 90 },
};
