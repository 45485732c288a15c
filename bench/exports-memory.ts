/**
 * Export memory and time at scale: does a 1 000 000-row export stream, or does
 * its memory grow with the rows? Seeds N commitments/disbursements into a
 * fresh database (SQLite file, or a fresh PostgreSQL schema with DATABASE_URL),
 * runs each format in-process with rows=transactions, samples the process's
 * RSS and heap every 20 ms, and prints one line per run.
 *
 *   node --expose-gc -r ./bench/register.js bench/exports-memory.ts 100000,1000000 csv,json,xlsx,pdf
 *
 * Never part of `npm test`; `npm run bench` has the comparative figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { loadConfig } from '../src/config/app-config';
import type { ExportFormat } from '../src/jobs/job-catalogue';
import { JobRun } from '../src/jobs/job-run.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { Project } from '../src/projects/project.entity';

const CHUNK = 1000;

async function seedEntries(dataSource: DataSource, total: number): Promise<void> {
  const projects = (await dataSource.getRepository(Project).find({ select: { id: true } })).map((p) => p.id);
  const commitments = Math.ceil(total / 2);
  const started = Date.now();
  for (const [table, count] of [
    ['commitment', commitments],
    ['disbursement', total - commitments],
  ] as const) {
    for (let from = 0; from < count; from += CHUNK) {
      const n = Math.min(CHUNK, count - from);
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = from + i;
        const base = values.length;
        if (table === 'commitment') {
          // Distinct amounts, as in real data (a PDF font cache keyed by word would grow with them).
          values.push(projects[k % projects.length], 100 + ((k * 7919) % 50_000_000), '2021-03-15', 'A', 2021);
          rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`);
        } else {
          values.push(projects[k % projects.length], 1 + ((k * 104_729) % 90), '2022-01-03', 2022);
          rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4})`);
        }
      }
      const columns =
        table === 'commitment' ? 'project_id, amount_cents, date, phase, budget_year' : 'project_id, amount_cents, date, budget_year';
      let sql = `INSERT INTO ${table} (${columns}) VALUES ${rows.join(', ')}`;
      if (dataSource.options.type === 'better-sqlite3') sql = sql.replace(/\$\d+/g, '?');
      await dataSource.query(sql, values);
    }
  }
  // What autovacuum does soon after a bulk load in production; without statistics PostgreSQL plans the keyset query as a full scan per batch.
  await dataSource.query('ANALYZE commitment');
  await dataSource.query('ANALYZE disbursement');
  console.log(`seeded ${total} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function measure(jobs: JobsService, dataSource: DataSource, format: ExportFormat, rows: number): Promise<void> {
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const started = Date.now();
  const { run } = await jobs.enqueue(SYSTEM_ACTOR, 'export', {
    format,
    rows: 'transactions',
    csvDialect: format === 'csv' ? 'excel-de' : undefined,
    scopeBodyId: null,
  });
  let done: JobRun;
  for (;;) {
    done = await dataSource.getRepository(JobRun).findOneByOrFail({ id: run.id });
    if (done.status === 'completed' || done.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    [
      `${format.padEnd(4)} ${String(rows).padStart(8)} rows`,
      `${done.status}`,
      `${seconds.toFixed(1)} s`,
      `${Math.round(rows / seconds)} rows/s`,
      `file ${mib(done.artifactBytes ?? 0)} MiB`,
      `RSS before ${mib(before.rss)} MiB, peak ${mib(peakRss)} MiB (+${mib(peakRss - before.rss)})`,
      `heap peak ${mib(peakHeap)} MiB`,
      done.error ?? '',
    ].join(' | '),
  );
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '100000').split(',').map(Number);
  const formats = (process.argv[3] ?? 'csv,json,xlsx,pdf').split(',') as ExportFormat[];
  const dir = mkdtempSync(join(tmpdir(), 'mpsc-bench-'));
  const schema = `bench_${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ARTIFACTS_DIR: join(dir, 'artifacts'),
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  };
  const base = loadConfig({ ...env, DATABASE_URL: process.env.DATABASE_URL || `sqlite:${join(dir, 'bench.sqlite')}` });
  if (base.database.type === 'postgres') {
    const admin = new DataSource({ type: 'postgres', url: base.database.url });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
    base.database.schema = schema;
  }
  const app = await createApp({ ...base, redisUrl: null, jobs: { ...base.jobs, rollupCron: null, reminderCron: null, attempts: 1 } });
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const jobs = app.get(JobsService);
  let seeded = 0;
  try {
    for (const size of sizes.sort((a, b) => a - b)) {
      await seedEntries(dataSource, size - seeded);
      seeded = size;
      for (const format of formats) await measure(jobs, dataSource, format, size);
    }
  } finally {
    await app.close();
    if (base.database.type === 'postgres') {
      const admin = new DataSource({ type: 'postgres', url: base.database.url });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
