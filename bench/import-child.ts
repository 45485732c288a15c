import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import type { Actor } from '../src/auth/actor';
import type { DatabaseConfig } from '../src/config/app-config';
import { ImportsService } from '../src/imports/imports.service';
import { benchConfig } from './support';

/**
 * One step of the import bench in a process of its own, so its peak RSS can be read from outside (bench/imports.ts).
 * Prints one JSON line.
 *
 *   import-child prepare <database-json> <dir> <rows>   seed the real 73 projects, an officer, a commitment each; write the CSV
 *   import-child bare    <database-json> <dir>          the baseline: the CSV's rows by one prepared INSERT in one transaction
 *   import-child dry     <database-json> <dir>          ImportsService.dryRun over the CSV
 *   import-child commit  <database-json> <dir>          ImportsService.commit (what the 'import' job runs) over the CSV
 */
const CSV = 'disbursements.csv';

async function withApp<T>(
  database: DatabaseConfig,
  dir: string,
  seed: boolean,
  work: (app: Awaited<ReturnType<typeof boot>>) => Promise<T>,
) {
  const app = await boot(database, dir, seed);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function boot(database: DatabaseConfig, dir: string, seed: boolean) {
  const config = benchConfig(database, dir, { role: seed ? 'api' : 'worker', seedOnStart: seed }); // the api role migrates
  return NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['fatal', 'error', 'warn'], abortOnError: false });
}

async function officer(dataSource: DataSource): Promise<Actor> {
  const [user] = (await dataSource.query(`SELECT id, email FROM app_user WHERE role = 'officer' LIMIT 1`)) as {
    id: number;
    email: string;
  }[];
  return { userId: user.id, role: 'officer', email: user.email, bodyId: null, requestId: null, ip: null };
}

/** Rows spread over the 73 projects and the year 2022, 1–100 € each: every one passes the funding rules. */
async function prepare(database: DatabaseConfig, dir: string, rows: number) {
  const slugs = await withApp(database, dir, true, async (app) => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.query(`INSERT INTO app_user (email, password_hash, role, active) VALUES ('bench@bund.example', 'x', 'officer', 1)`);
    const projects = (await dataSource.query('SELECT id, slug FROM project ORDER BY id')) as { id: number; slug: string }[];
    for (const p of projects) {
      await dataSource.query(
        `INSERT INTO commitment (project_id, amount_cents, date, phase, budget_year, kind) VALUES (?, 1000000000, '2021-01-04', 'B', 2021, 'commitment')`,
        [p.id],
      );
    }
    return projects.map((p) => p.slug);
  });
  const lines = ['external_ref;project;date;amount_eur;budget_year;note'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (Math.floor((i * 365) / rows) % 28)).padStart(2, '0');
    const month = String(1 + Math.floor((i * 12) / rows)).padStart(2, '0');
    lines.push(
      `BK-${i};${slugs[i % slugs.length]};2022-${month}-${day};${1 + (i % 100)},${String(i % 100).padStart(2, '0')};2022;Mittelabruf ${i}`,
    );
  }
  writeFileSync(join(dir, CSV), `${lines.join('\r\n')}\r\n`);
  return { rows, projects: slugs.length };
}

/** The baseline: the same rows (project ids looked up once) by one prepared INSERT in one transaction. */
function bare(database: DatabaseConfig, dir: string) {
  if (database.type !== 'sqlite') throw new Error('the import bench runs on SQLite');
  const db = new Database(database.path);
  const ids = new Map((db.prepare('SELECT id, slug FROM project').all() as { id: number; slug: string }[]).map((p) => [p.slug, p.id]));
  const lines = readFileSync(join(dir, CSV), 'utf8').trim().split('\r\n').slice(1);
  const rows = lines.map((line) => line.split(';'));
  const start = performance.now();
  const cpu = process.cpuUsage();
  const insert = db.prepare(
    `INSERT INTO disbursement (project_id, amount_cents, date, budget_year, note, external_ref, kind) VALUES (?, ?, ?, ?, ?, ?, 'disbursement')`,
  );
  db.transaction(() => {
    for (const [ref, slug, date, amount, year, note] of rows) {
      insert.run(ids.get(slug), Math.round(Number(amount.replace(',', '.')) * 100), date, Number(year), note, ref);
    }
  })();
  const ms = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  db.close();
  return { rows: rows.length, ms, cpuMs };
}

async function ours(mode: 'dry' | 'commit', database: DatabaseConfig, dir: string) {
  return withApp(database, dir, false, async (app) => {
    const imports = app.get(ImportsService, { strict: false });
    const actor = await officer(app.get<DataSource>(getDataSourceToken()));
    const bytes = readFileSync(join(dir, CSV));
    const start = performance.now();
    const cpu = process.cpuUsage();
    if (mode === 'dry') {
      const result = await imports.dryRun(actor, 'disbursements', bytes);
      if (result.errors.length) throw new Error(`dry run found errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
      return { rows: result.rows, ms: performance.now() - start, cpuMs: cpuMsSince(cpu) };
    }
    mkdirSync(join(dir, 'artifacts', 'imports'), { recursive: true });
    const file = `imports/${randomUUID()}`;
    writeFileSync(join(dir, 'artifacts', file), bytes);
    const params = { kind: 'disbursements' as const, file, fileName: CSV, userId: actor.userId as number };
    const result = await imports.commit(actor, params, async () => undefined);
    return { rows: result.written, ms: performance.now() - start, cpuMs: cpuMsSince(cpu) };
  });
}

/** CPU time (user + system, all threads: GC and SQLite included) since `from`: steadier than wall time on a shared machine. */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

async function main(): Promise<void> {
  const [mode, database, dir, rows] = process.argv.slice(2);
  const config = JSON.parse(database) as DatabaseConfig;
  let out: unknown;
  if (mode === 'prepare') out = await prepare(config, dir, Number(rows));
  else if (mode === 'bare') out = bare(config, dir);
  else if (mode === 'dry' || mode === 'commit') out = await ours(mode, config, dir);
  else throw new Error(`unknown mode ${mode}`);
  console.log(JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
