import { copyFileSync } from 'node:fs';
import type { DatabaseConfig } from '../src/config/app-config';
import type { BenchOptions, Row } from './support';
import { lastJson, round, runChild, sqliteFile } from './support';

/**
 * Bulk import: a dry run and a commit of N disbursement rows (100 000; 10 000 with --quick; BENCH_IMPORT_ROWS to
 * override) on SQLite, each by our ImportsService in a child process of its own (peak RSS read from outside), against
 * a bare prepared INSERT of the same rows in one transaction on a copy of the same database, in the same run.
 * ratio = bare time / our time (1 = as fast as the bare insert; target for the commit ≥ 0.3).
 */
interface Out {
  rows: number;
  ms: number;
  /** CPU time of the measured window (user + system): the ratio the load on a shared machine moves least. */
  cpuMs: number;
  peakRssMiB: number | null;
}

async function step(mode: string, database: DatabaseConfig, dir: string, extra: string[] = [], timeoutMs = 30 * 60_000): Promise<Out> {
  const result = await runChild('import-child.ts', [mode, JSON.stringify(database), dir, ...extra], { timeoutMs });
  if (result.code !== 0) throw new Error(`import-child ${mode} exited ${result.code}: ${result.stderr.slice(-1500)}`);
  return { ...lastJson<{ rows: number; ms: number; cpuMs: number }>(result.stdout), peakRssMiB: result.peakRssMiB };
}

export async function benchImports(options: BenchOptions): Promise<Row[]> {
  const { quick, log, workDir } = options;
  const rows = Number(process.env.BENCH_IMPORT_ROWS) || (quick ? 10_000 : 100_000);
  const template = sqliteFile(workDir, 'imports-template');
  await step('prepare', template, workDir, [String(rows)]);
  const copy = (name: string): DatabaseConfig => {
    const target = sqliteFile(workDir, name);
    copyFileSync((template as { path: string }).path, (target as { path: string }).path);
    return target;
  };
  const bare = await step('bare', copy('imports-bare'), workDir);
  log(`  bare insert of ${bare.rows} rows: ${(bare.ms / 1000).toFixed(2)} s (CPU ${(bare.cpuMs / 1000).toFixed(2)} s)`);
  const dry = await step('dry', copy('imports-dry'), workDir);
  log(`  dry run: ${(dry.ms / 1000).toFixed(2)} s (CPU ${(dry.cpuMs / 1000).toFixed(2)} s), peak RSS ${dry.peakRssMiB} MiB`);
  const commit = await step('commit', copy('imports-commit'), workDir);
  log(`  commit: ${(commit.ms / 1000).toFixed(2)} s (CPU ${(commit.cpuMs / 1000).toFixed(2)} s), peak RSS ${commit.peakRssMiB} MiB`);
  const rate = (o: Out) => Math.round(o.rows / (o.ms / 1000));
  const line = (name: string, o: Out, target?: number): Row[] => [
    {
      area: 'imports',
      name: `${name} ${o.rows.toLocaleString('en-US')} disbursement rows (SQLite)`,
      value: rate(o),
      unit: 'rows/s',
      baseline: rate(bare),
      baselineName: 'bare prepared INSERT, one transaction',
      ratio: round(bare.ms / o.ms, 3),
      target: target ? `≥ ${target}× bare` : undefined,
      pass: target ? bare.ms / o.ms >= target : null,
      note:
        `${(o.ms / 1000).toFixed(1)} s; bare ${(bare.ms / 1000).toFixed(2)} s; ` +
        `CPU ${(o.cpuMs / 1000).toFixed(1)} s, bare ${(bare.cpuMs / 1000).toFixed(2)} s (${round(bare.cpuMs / o.cpuMs, 2)}×)`,
    },
    {
      area: 'imports',
      name: `${name} peak RSS`,
      value: o.peakRssMiB,
      unit: 'MiB',
      target: '≤ 300 MB',
      pass: o.peakRssMiB !== null && o.peakRssMiB * 1.048576 <= 300,
      note: 'whole process (Nest, TypeORM, SQLite included), seen from outside',
    },
  ];
  return [...line('dry run', dry), ...line('commit', commit, 0.3)];
}
