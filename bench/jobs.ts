import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { type DataSource, In } from 'typeorm';
import { AppModule } from '../src/app.module';
import { createApp } from '../src/app.factory';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import type { AppConfig, DatabaseConfig } from '../src/config/app-config';
import { JOB_DRIVER } from '../src/jobs/job-driver';
import type { BullMqJobDriver } from '../src/jobs/bullmq.driver';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import type { BenchOptions, Row } from './support';
import { benchConfig, migratedDataSource, postgresReachable, postgresSchema, REDIS_URL, round, sqliteFile } from './support';

/**
 * Jobs: N no-op jobs through our job layer (JobsService.enqueue('noop'), which
 * writes a job_run row — one INSERT per burst of enqueues — then
 * BullMQ; the worker's JobExecutor marks the row running and completed, its
 * writes coalesced per flush) against raw BullMQ (Queue.add + a Worker with an
 * empty processor), on the same Redis, in the same process shape: one
 * process enqueues 50 at a time and works at the same concurrency. Time: from
 * the first enqueue to the last completion. Per database: ours, raw, the ratio
 * and the target (≥ 0.8× raw). Then a burst of 1 000 concurrent
 * POST /api/v1/rollups of one kind against an API that only enqueues (no
 * worker): identical waiting requests must collapse into one run.
 */

const CONCURRENCY = 10;
const IN_FLIGHT = 50;
/** Our layer against raw BullMQ on the same machine in the same run (issue 13). */
const TARGET_RATIO = 0.8;

async function redisReachable(): Promise<boolean> {
  const redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Runs `task(i)` for i in 0..count-1 with at most `width` at a time. */
async function pool(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Throughput {
  jobsPerSecond: number;
  totalMs: number;
  enqueueMs: number;
  /** CPU time of the process (every thread) from the first enqueue to the last completion. */
  cpuMs: number;
  /** Time the main thread's event loop was busy in that window (not idle waiting for I/O): the main thread's share. */
  loopBusyMs: number;
}

/** Starts the clocks of one measured window: `elapsed()` reads the wall clock, `result()` all of them. */
function measureWindow(): { elapsed(): number; result(count: number, enqueueMs: number): Throughput } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const elapsed = () => performance.now() - start;
  return {
    elapsed,
    result: (count, enqueueMs) => {
      const totalMs = elapsed();
      const used = process.cpuUsage(cpu);
      return {
        jobsPerSecond: count / (totalMs / 1000),
        totalMs,
        enqueueMs,
        cpuMs: (used.user + used.system) / 1000,
        loopBusyMs: performance.eventLoopUtilization(loop).active,
      };
    },
  };
}

async function rawBullMq(count: number, timeoutMs: number): Promise<Throughput> {
  const name = `mpsc-bench-raw-${Date.now().toString(36)}`;
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  // The same job options as our driver's queue.
  const queue = new Queue(name, {
    connection,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    },
  });
  let completed = 0;
  const worker = new Worker(name, async () => undefined, { connection: workerConnection, concurrency: CONCURRENCY });
  worker.on('completed', () => completed++);
  await worker.waitUntilReady();
  try {
    const measured = measureWindow();
    await pool(count, IN_FLIGHT, (i) => queue.add('noop', { i }));
    const enqueueMs = measured.elapsed();
    await waitFor(async () => completed >= count, timeoutMs, `${count} raw BullMQ jobs`);
    return measured.result(count, enqueueMs);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await workerConnection.quit().catch(() => undefined);
    await connection.quit().catch(() => undefined);
  }
}

async function ourLayer(database: DatabaseConfig, workDir: string, count: number, timeoutMs: number): Promise<Throughput> {
  await (await migratedDataSource(database)).destroy();
  const config: AppConfig = benchConfig(database, workDir, { role: 'worker', redisUrl: REDIS_URL, seedOnStart: false });
  config.jobs = { ...config.jobs, concurrency: CONCURRENCY };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['fatal', 'error', 'warn'],
    abortOnError: false,
  });
  const driver = app.get<BullMqJobDriver>(JOB_DRIVER);
  try {
    const jobs = app.get(JobsService);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    // The check while measuring is one index probe (is any run still open?), not a count of 10 000 rows every 50 ms:
    // the measurement must not load the process it measures. The rows are counted once it is over.
    const open = async () =>
      (await dataSource
        .getRepository(JobRun)
        .findOne({ select: { id: true }, where: { kind: 'noop', status: In(['queued', 'running']) } })) !== null;
    const measured = measureWindow();
    await pool(count, IN_FLIGHT, () => jobs.enqueue(SYSTEM_ACTOR, 'noop', {}));
    const enqueueMs = measured.elapsed();
    await waitFor(async () => !(await open()), timeoutMs, `${count} noop runs`);
    const result = measured.result(count, enqueueMs);
    const completed = await dataSource.getRepository(JobRun).countBy({ kind: 'noop', status: 'completed' });
    if (completed !== count) throw new Error(`${count - completed} of ${count} noop runs did not complete`);
    return result;
  } finally {
    // The rows say completed a moment before BullMQ moves the last jobs to completed: let it, then clean up.
    await waitFor(async () => (await driver.queue.getActiveCount()) === 0, 10_000, 'the worker to go idle').catch(() => undefined);
    await driver.queue.obliterate({ force: true }).catch(() => undefined);
    await app.close();
  }
}

/** 1 000 concurrent POST /api/v1/rollups {kind: funding} over HTTP; no worker, so the first run stays waiting. */
async function burst(
  database: DatabaseConfig,
  workDir: string,
  requests: number,
): Promise<{ runs: number; distinctIds: number; statuses: Record<string, number>; ms: number }> {
  const admin = { email: 'bench-officer@bund.example', password: 'bench-password-0123456789' };
  const config = benchConfig(database, workDir, { redisUrl: REDIS_URL, seedOnStart: true, admin });
  config.jobs = { ...config.jobs, workInApi: false };
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const start = performance.now();
    const answers = await Promise.all(
      Array.from({ length: requests }, async () => {
        const res = await fetch(`${base}/rollups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ kind: 'funding' }),
        });
        return { status: res.status, body: (await res.json()) as { id?: string } };
      }),
    );
    const ms = performance.now() - start;
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const distinctIds = new Set(answers.map((a) => a.body.id).filter(Boolean)).size;
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const runs = await dataSource.getRepository(JobRun).countBy({ kind: 'rollup' });
    await app
      .get<BullMqJobDriver>(JOB_DRIVER)
      .queue.obliterate({ force: true })
      .catch(() => undefined);
    return { runs, distinctIds, statuses, ms };
  } finally {
    await app.close();
  }
}

const cpuText = (t: Throughput) => `CPU ${(t.cpuMs / 1000).toFixed(2)} s, main loop busy ${(t.loopBusyMs / 1000).toFixed(2)} s`;

type BenchDatabase = { name: 'sqlite' | 'postgres'; config: () => Promise<{ config: DatabaseConfig; drop(): Promise<void> }> };

/** 1 000 concurrent identical POST /rollups with no worker running, per database: they must collapse into one run. */
async function burstRows(databases: BenchDatabase[], workDir: string, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const db of databases) {
    const requests = 1000;
    const target = await db.config();
    try {
      const b = await burst(target.config, workDir, requests);
      log(
        `  burst (${db.name}): ${requests} POST /rollups → ${b.runs} run(s), ${b.distinctIds} distinct id(s), statuses ${JSON.stringify(b.statuses)} in ${(b.ms / 1000).toFixed(1)} s`,
      );
      rows.push({
        area: 'jobs',
        name: `burst ${requests} POST /rollups (funding), ${db.name}`,
        value: b.runs,
        unit: 'runs',
        target: '1 run',
        pass: b.runs === 1 && b.distinctIds === 1 && b.statuses['202'] === requests,
        note: `${b.distinctIds} distinct run id(s) answered; HTTP ${Object.entries(b.statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(', ')}; ${(b.ms / 1000).toFixed(1)} s`,
      });
    } finally {
      await target.drop();
    }
  }
  return rows;
}

export async function benchJobs(options: BenchOptions): Promise<Row[]> {
  const { quick, log, workDir } = options;
  if (!(await redisReachable())) {
    log(`  Redis is not reachable at ${REDIS_URL}: jobs skipped`);
    return [{ area: 'jobs', name: 'no-op jobs', value: null, unit: 'jobs/s', note: `skipped: no Redis at ${REDIS_URL}` }];
  }
  const count = quick ? 2_000 : 10_000;
  const timeoutMs = (quick ? 2 : 5) * 60_000;
  const rows: Row[] = [];
  const databases: BenchDatabase[] = [
    { name: 'sqlite', config: async () => ({ config: sqliteFile(workDir, `jobs-${Date.now()}`), drop: async () => undefined }) },
  ];
  if (await postgresReachable()) databases.push({ name: 'postgres', config: () => postgresSchema('jobs') });

  // One unmeasured round of each first: the first round in a process runs on cold code (a full run of stop 24: raw
  // BullMQ 2.1 s for its first 10 000 jobs, 1.0 s for the next), which made the first pair's ratio say little.
  await rawBullMq(count / 5, timeoutMs);
  await ourLayer(sqliteFile(workDir, `jobs-warm-up-${Date.now()}`), workDir, count / 5, timeoutMs);
  log(`  warm-up: ${count / 5} jobs through raw BullMQ and through ours on SQLite (not measured)`);

  for (const db of databases) {
    // Raw BullMQ right before ours, each time, so both see the same machine.
    const raw = await rawBullMq(count, timeoutMs);
    log(
      `  raw BullMQ: ${count} jobs in ${(raw.totalMs / 1000).toFixed(1)} s (${Math.round(raw.jobsPerSecond)} jobs/s; adding took ${(raw.enqueueMs / 1000).toFixed(1)} s; ${cpuText(raw)})`,
    );
    const target = await db.config();
    try {
      const ours = await ourLayer(target.config, workDir, count, timeoutMs);
      const ratio = ours.jobsPerSecond / raw.jobsPerSecond;
      log(
        `  ours (${db.name}): ${count} jobs in ${(ours.totalMs / 1000).toFixed(1)} s (${Math.round(ours.jobsPerSecond)} jobs/s; enqueueing took ${(ours.enqueueMs / 1000).toFixed(1)} s; ${cpuText(ours)})` +
          ` → ${round(ratio)}× raw BullMQ (target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'})`,
      );
      rows.push({
        area: 'jobs',
        name: `${count.toLocaleString('en-US')} no-op jobs, job_run on ${db.name}`,
        value: Math.round(ours.jobsPerSecond),
        unit: 'jobs/s',
        baseline: Math.round(raw.jobsPerSecond),
        baselineName: 'raw BullMQ add + empty worker',
        ratio: round(ratio),
        target: `≥ ${TARGET_RATIO}× raw`,
        pass: ratio >= TARGET_RATIO,
        note: `concurrency ${CONCURRENCY}, ${IN_FLIGHT} enqueues in flight; enqueue phase ${(ours.enqueueMs / 1000).toFixed(1)} s vs ${(raw.enqueueMs / 1000).toFixed(1)} s; ${cpuText(ours)} vs ${cpuText(raw)}`,
        extra: { ours, raw },
      });
    } finally {
      await target.drop();
    }
  }

  rows.push(...(await burstRows(databases, workDir, log)));
  return rows;
}
