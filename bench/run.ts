import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchApi } from './api';
import { benchExports } from './exports';
import { benchImports } from './imports';
import { benchJobs } from './jobs';
import { benchRollups } from './rollups';
import type { BenchOptions, Row } from './support';
import { machine, machineLine, newWorkDir, removeDir, ROOT } from './support';
import { benchWeb } from './web';

/**
 * `npm run bench [-- --only api,rollups,exports,jobs,web,imports] [-- --quick]`: every
 * figure against a baseline measured in the same run, a table on stdout and
 * bench/results.json. Not part of `npm test`. Needs Redis on 127.0.0.1:6379
 * for the jobs area; PostgreSQL on 127.0.0.1:5432 (database test) is used
 * when reachable. Everything is bounded: the run stops by itself.
 */
const AREAS = ['api', 'rollups', 'exports', 'jobs', 'web', 'imports'] as const;
type Area = (typeof AREAS)[number];

function parseArgs(argv: string[]): { only: Area[]; quick: boolean; keep: boolean; cache: boolean; postgresLarge: boolean } {
  let only: Area[] = [...AREAS];
  let quick = false;
  let keep = false;
  let cache = false;
  let postgresLarge = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--keep') keep = true;
    else if (arg === '--cache') cache = true;
    else if (arg === '--pg-100k') postgresLarge = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice('--only='.length) : argv[++i];
      const wanted = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = wanted.filter((w) => !(AREAS as readonly string[]).includes(w));
      if (!wanted.length || unknown.length)
        throw new Error(`--only takes a comma-separated list of ${AREAS.join(', ')} (got "${value ?? ''}")`);
      only = AREAS.filter((a) => wanted.includes(a));
    } else if (arg === '--help' || arg === '-h') {
      console.log('npm run bench [-- --only api,rollups,exports,jobs,web,imports] [--quick] [--cache] [--pg-100k] [--keep]');
      console.log('  --quick  smaller sizes and shorter runs (a smoke run, a few minutes)');
      console.log('  --cache  keep the synthetic SQLite portfolios in data/bench-cache/ and reuse them next time');
      console.log('  --pg-100k  also the 100 000-project roll-ups on PostgreSQL (30–50 more minutes here)');
      console.log('  --keep   keep the working directory (databases, export files) for inspection');
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}" (try --help)`);
  }
  return { only, quick, keep, cache, postgresLarge };
}

const fmt = (n: number | null | undefined): string => {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};

function table(rows: Row[]): string {
  const head = ['area', 'measure', 'ours', 'unit', 'baseline', 'ratio', 'target', 'ok', 'note'];
  const body = rows.map((r) => [
    r.area,
    r.name,
    fmt(r.value),
    r.unit,
    r.baseline === undefined ? '' : `${fmt(r.baseline)}${r.baselineName ? ` (${r.baselineName})` : ''}`,
    r.ratio === undefined || r.ratio === null ? '' : `${fmt(r.ratio)}×`,
    r.target ?? '',
    r.pass === undefined || r.pass === null ? '' : r.pass ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.min(i === 8 ? 80 : 60, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/** Each area in turn; an area that throws is recorded as failed and the others still run. */
async function runAreas(
  args: ReturnType<typeof parseArgs>,
  options: BenchOptions,
  workDir: string,
): Promise<{ rows: Row[]; failures: { area: Area; error: string }[] }> {
  const rows: Row[] = [];
  const failures: { area: Area; error: string }[] = [];
  const log = options.log;
  const runners: Record<Area, () => Promise<Row[]>> = {
    api: () => benchApi(options),
    rollups: () => benchRollups(options),
    exports: () => benchExports(options),
    jobs: () => benchJobs(options),
    web: () => benchWeb(options),
    imports: () => benchImports(options),
  };
  try {
    for (const area of args.only) {
      const areaStart = Date.now();
      log(`${area} …`);
      try {
        const areaRows = await runners[area]();
        rows.push(...areaRows);
        log(`${area} done in ${((Date.now() - areaStart) / 1000).toFixed(0)} s`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ area, error: message });
        log(`${area} FAILED: ${message}`);
      }
    }
  } finally {
    if (args.keep) log(`kept ${workDir}`);
    else removeDir(workDir);
  }
  return { rows, failures };
}

function writeResults(
  args: ReturnType<typeof parseArgs>,
  rows: Row[],
  failures: { area: Area; error: string }[],
  totalSeconds: number,
): void {
  const results = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    areas: args.only,
    machine: machine(),
    machineLine: machineLine(),
    totalSeconds,
    rows,
    failures,
  };
  // bench/results.json is the last full run (the README's table); smoke runs and partial runs write beside it.
  const partial = args.only.length < AREAS.length;
  const out = join(ROOT, 'bench', args.quick ? 'results.quick.json' : partial ? 'results.partial.json' : 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written: ${out}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const workDir = newWorkDir();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const options: BenchOptions = {
    quick: args.quick,
    workDir,
    log,
    portfolios: new Map(),
    cache: args.cache,
    postgresLarge: args.postgresLarge,
  };
  console.log(`mpsc-tracker bench${args.quick ? ' (--quick)' : ''}: ${args.only.join(', ')}`);
  console.log(`machine: ${machineLine()}`);
  // A hard stop: whatever hangs, the run ends. The full run takes 15–25 minutes here; generating the 100 000-project
  // portfolio on PostgreSQL (--pg-100k) 30–50 more, through the database's row triggers (it ran into the former
  // 45-minute stop beside a CI run: 44 000 of 100 000 projects after 27 minutes).
  const limitMs = (args.quick ? 10 : args.postgresLarge ? 100 : 25) * 60_000;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${limitMs / 60_000} minutes; stopping.`);
    process.exit(2);
  }, limitMs);
  watchdog.unref();

  const { rows, failures } = await runAreas(args, options, workDir);

  const totalSeconds = Math.round((Date.now() - started) / 1000);
  console.log('');
  console.log(`machine: ${machineLine()}`);
  console.log(table(rows));
  console.log(
    `\n${rows.filter((r) => r.pass === false).length} target(s) missed, ${failures.length} area(s) failed; ${totalSeconds} s in all.`,
  );
  writeResults(args, rows, failures, totalSeconds);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
