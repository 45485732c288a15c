import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import type { DatabaseConfig } from '../src/config/app-config';
import type { RollupKind } from '../src/jobs/job-catalogue';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { strategyRollup } from '../src/rollups/strategy-rollup';
import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import type { BenchOptions, Row } from './support';
import { benchConfig, median, postgresReachable, postgresSchema, round, sqliteFile, syntheticDatabase, timed } from './support';

/**
 * Roll-ups: the funding and the progress roll-up computed by RollupCalculator.compute
 * (the job handler's computation: every query in one snapshot and the content
 * built from them, without the job bookkeeping and the snapshot write), called
 * directly in a Nest application context on the database. Sizes: the real 73
 * projects, then synthetic portfolios (src/synthetic) of 10 000 and 100 000
 * projects. Baseline: a raw aggregate over the same rows in the same database
 * (SUM(amount_cents) of every disbursement and COUNT(*) of every report, two
 * statements, timed together). Median of several runs after one warm-up.
 *
 * The strategy roll-up sums one stored summary per cascade; once per size it
 * is also timed computing every cascade from its rows instead (what its first
 * run after the migration does, and what it did before the summaries), for
 * comparison.
 */

const KINDS: RollupKind[] = ['funding', 'progress', 'strategy'];
const RAW_SCAN = ['SELECT COUNT(*) AS n, SUM(amount_cents) AS s FROM disbursement', 'SELECT COUNT(*) AS n FROM report'];

interface Measured {
  database: 'sqlite' | 'postgres';
  projects: number;
  kind: RollupKind;
  ms: number;
  runs: number[];
  /** This process's CPU time (user + system) of each run: on SQLite the whole computation, on PostgreSQL only our side. */
  cpuRuns: number[];
  rawMs: number;
  /** Strategy: one run computing every cascade from its rows, ignoring the stored summaries. */
  fromRowsMs?: number;
}

type Measurement = Omit<Measured, 'database' | 'projects' | 'ms'>;

/** Wall and process CPU time of one call, in ms. */
async function timedWithCpu(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const { ms } = await timed(work);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

async function measure(database: DatabaseConfig, real: boolean, workDir: string, projects: number, runs: number): Promise<Measurement[]> {
  const config = benchConfig(database, workDir, { seedOnStart: real });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['fatal', 'error', 'warn'],
    abortOnError: false,
  });
  try {
    const calculator = app.get(RollupCalculator);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const raw = async () =>
      (
        await timed(async () => {
          for (const sql of RAW_SCAN) await dataSource.query(sql);
        })
      ).ms;
    await raw();
    const rawRuns: number[] = [];
    const out: Measurement[] = [];
    for (const kind of KINDS) {
      const content = await calculator.compute(kind); // warm-up: caches, statement preparation
      // The strategy roll-up counts projects with an accepted cascade; with the others it accounts for every project.
      const counted =
        content.kind === 'strategy' ? content.totals.projectCount + content.totals.projectsWithoutCascade : content.totals.projectCount;
      if (counted !== projects) throw new Error(`the ${kind} roll-up counted ${counted} projects, expected ${projects}`);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const { ms, cpuMs } = await timedWithCpu(() => calculator.compute(kind));
        times.push(ms);
        cpuTimes.push(cpuMs);
        rawRuns.push(await raw());
      }
      let fromRowsMs: number | undefined;
      if (kind === 'strategy') {
        const snapshot = app.get(TransactionService);
        const fromRows = () =>
          snapshot.snapshot(async (manager) => strategyRollup(await readSource(manager, app.get(Clock).now()), { fromRows: true }), {
            jit: false,
          });
        fromRowsMs = (await timed(fromRows)).ms;
      }
      out.push({ kind, runs: times, cpuRuns: cpuTimes, rawMs: 0, fromRowsMs });
    }
    const rawMs = median(rawRuns);
    return out.map((o) => ({ ...o, rawMs }));
  } finally {
    await app.close();
  }
}

/** The database for one size: the real portfolio (73) or a synthetic one; on PostgreSQL a schema dropped afterwards. */
async function databaseFor(
  options: BenchOptions,
  db: 'sqlite' | 'postgres',
  projects: number,
): Promise<{ database: DatabaseConfig; drop: () => Promise<void> }> {
  const { workDir } = options;
  let database: DatabaseConfig;
  let drop = async () => undefined as void;
  if (projects === 73) {
    if (db === 'sqlite') database = sqliteFile(workDir, 'rollups-real');
    else ({ config: database, drop } = await postgresSchema('real'));
  } else if (db === 'sqlite') {
    database = (await syntheticDatabase(options, 'sqlite', projects)).config;
  } else {
    const schema = await postgresSchema(`syn${projects}`);
    database = schema.config;
    drop = schema.drop;
    await syntheticDatabase(options, 'postgres', projects, database);
  }
  return { database, drop };
}

/** Issue 13 (and issue 14 item 7 for strategy): a roll-up of 100 000 projects within 3 s on SQLite, 5 s on PostgreSQL. */
const TARGET_MS = { sqlite: 3000, postgres: 5000 } as const;

/** A row per database, kind and size, and the scaling from the middle to the largest size. */
function resultRows(results: Measured[], databases: ('sqlite' | 'postgres')[], sizes: number[], quick: boolean): Row[] {
  const rows: Row[] = [];
  const [, small, large] = sizes;
  for (const db of databases) {
    for (const kind of KINDS) {
      for (const projects of sizes) {
        const m = results.find((r) => r.database === db && r.kind === kind && r.projects === projects);
        if (!m) continue;
        const limit = projects === large && !quick ? TARGET_MS[db] : undefined;
        rows.push({
          area: 'rollups',
          name: `${kind} ${db} ${projects.toLocaleString('en-US')} projects`,
          value: round(m.ms, 1),
          unit: 'ms',
          baseline: round(m.rawMs, 2),
          baselineName: 'raw SUM+COUNT scan',
          ratio: round(m.ms / m.rawMs, 1),
          target: limit ? `≤ ${limit.toLocaleString('en-US').replace(',', ' ')} ms` : undefined,
          pass: limit ? m.ms <= limit : undefined,
          note:
            `median of ${m.runs.length}: ${m.runs.map((r) => r.toFixed(0)).join(', ')} ms` +
            `; CPU ${m.cpuRuns.map((r) => r.toFixed(0)).join(', ')} ms` +
            (m.fromRowsMs === undefined ? '' : `; every cascade from its rows instead: ${m.fromRowsMs.toFixed(0)} ms`),
          extra: {
            cpuMs: m.cpuRuns.map((r) => round(r, 1)),
            ...(m.fromRowsMs === undefined ? {} : { fromRowsMs: round(m.fromRowsMs, 1) }),
          },
        });
      }
      const a = results.find((r) => r.database === db && r.kind === kind && r.projects === small);
      const b = results.find((r) => r.database === db && r.kind === kind && r.projects === large);
      if (a && b) {
        const scale = b.ms / a.ms;
        rows.push({
          area: 'rollups',
          name: `${kind} ${db} time(${large / 1000}k) / time(${small / 1000}k)`,
          value: round(scale, 2),
          unit: '×',
          target: '≤ 12',
          pass: scale <= 12,
          note: `${(large / small).toFixed(0)}× the projects`,
        });
      }
    }
  }
  return rows;
}

export async function benchRollups(options: BenchOptions): Promise<Row[]> {
  const { quick, log, workDir } = options;
  const sizes = quick ? [73, 1_000, 10_000] : [73, 10_000, 100_000];
  const runsFor = (n: number) => (n >= 100_000 ? 2 : n >= 10_000 ? 3 : 5);
  const results: Measured[] = [];
  const databases: ('sqlite' | 'postgres')[] = ['sqlite'];
  if (await postgresReachable()) databases.push('postgres');
  else log('  PostgreSQL is not reachable on 127.0.0.1:5432: SQLite only');

  for (const db of databases) {
    for (const projects of sizes) {
      if (db === 'postgres' && projects >= 100_000 && !options.postgresLarge) {
        log('  postgres 100000: skipped (generating it takes 30–50 minutes here; run with --pg-100k)');
        continue;
      }
      const { database, drop } = await databaseFor(options, db, projects);
      try {
        for (const m of await measure(database, projects === 73, workDir, projects, runsFor(projects))) {
          const ms = median(m.runs);
          results.push({ ...m, database: db, projects, ms });
          const fromRows = m.fromRowsMs === undefined ? '' : `; from the rows ${m.fromRowsMs.toFixed(0)} ms`;
          log(
            `  ${db} ${projects} ${m.kind}: ${ms.toFixed(0)} ms (runs ${m.runs.map((r) => r.toFixed(0)).join(', ')}; CPU ${m.cpuRuns.map((r) => r.toFixed(0)).join(', ')} ms; raw scan ${m.rawMs.toFixed(1)} ms${fromRows})`,
          );
        }
      } finally {
        await drop();
      }
    }
  }

  return resultRows(results, databases, sizes, quick);
}
