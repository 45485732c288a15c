import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ExportParams } from '../src/exports/export-source';
import type { BenchOptions, Row } from './support';
import { lastJson, round, runChild, syntheticDatabase } from './support';

/**
 * Exports: the transactions export (one row per commitment and disbursement)
 * of the synthetic portfolio, written by our export job handler in a child
 * process whose peak RSS is read from outside (/usr/bin/time, else
 * /proc/<pid>/status VmHWM). CSV over the whole 100 000-project portfolio
 * (≈ 1.15 million rows); XLSX over the one round, category or Land whose rows
 * come closest to 200 000 (at least that many when one does). Baselines, in
 * the same run and the same way: csv-stringify and exceljs' streaming
 * WorkbookWriter writing as many plain rows to a file.
 */

interface ChildOut {
  rows: number;
  ms: number;
  bytes: number;
  bootMs?: number;
}

/** The single filter (round, category or Land) whose transaction rows come closest to `wanted`, preferring at least `wanted`. */
function filterNear(path: string, wanted: number): { params: Partial<ExportParams>; rows: number; label: string } {
  const db = new Database(path, { readonly: true });
  try {
    const tx = `(SELECT project_id FROM commitment UNION ALL SELECT project_id FROM disbursement) x JOIN project p ON p.id = x.project_id`;
    const candidates: { params: Partial<ExportParams>; rows: number; label: string }[] = [
      ...db
        .prepare(`SELECT r.number AS k, COUNT(*) AS n FROM ${tx} JOIN funding_round r ON r.id = p.round_id GROUP BY r.number`)
        .all()
        .map((r) => {
          const row = r as { k: number; n: number };
          return { params: { round: row.k }, rows: row.n, label: `round ${row.k}` };
        }),
      ...db
        .prepare(`SELECT p.category_code AS k, COUNT(*) AS n FROM ${tx} GROUP BY p.category_code`)
        .all()
        .map((r) => {
          const row = r as { k: string; n: number };
          return { params: { category: row.k }, rows: row.n, label: `category ${row.k}` };
        }),
      ...db
        .prepare(`SELECT ps.state_code AS k, COUNT(*) AS n FROM ${tx} JOIN project_state ps ON ps.project_id = p.id GROUP BY ps.state_code`)
        .all()
        .map((r) => {
          const row = r as { k: string; n: number };
          return { params: { state: row.k }, rows: row.n, label: `Land ${row.k}` };
        }),
    ];
    const above = candidates.filter((c) => c.rows >= wanted).sort((a, b) => a.rows - b.rows);
    return above[0] ?? candidates.sort((a, b) => b.rows - a.rows)[0];
  } finally {
    db.close();
  }
}

/** A child that ends without its result line: its event loop ran empty while the export still waited (a hang). */
class ChildHung extends Error {}

async function child(file: string, args: string[], timeoutMs: number): Promise<ChildOut & { peakRssMiB: number | null }> {
  const result = await runChild(file, args, { timeoutMs });
  if (result.code !== 0) throw new Error(`${file} exited ${result.code}: ${result.stderr.slice(-1500)}`);
  if (!result.stdout.trim())
    throw new ChildHung(`${file} ended with exit code 0 but no result: the export never finished and nothing kept the process alive`);
  return { ...lastJson<ChildOut>(result.stdout), peakRssMiB: result.peakRssMiB };
}

/** Our export, tried up to 3 times: a run that hangs is counted (and reported), not hidden. */
async function ourExport(
  args: string[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<{ out: (ChildOut & { peakRssMiB: number | null }) | null; hangs: number }> {
  let hangs = 0;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return { out: await child('export-child.ts', args, timeoutMs), hangs };
    } catch (error) {
      if (!(error instanceof ChildHung)) throw error;
      hangs++;
      log(`  attempt ${attempt} hung (${error.message}); trying again`);
    }
  }
  return { out: null, hangs };
}

type Measured = ChildOut & { peakRssMiB: number | null };

function rateRows(
  kind: 'CSV' | 'XLSX',
  label: string,
  ours: Measured | null,
  hangs: number,
  base: Measured | null,
  targets: { ratio?: number; rssMB: number },
): Row[] {
  const hangNote = hangs ? `; ${hangs} attempt(s) hung and were repeated` : '';
  if (!ours) {
    return [
      {
        area: 'exports',
        name: `${kind} ${label}`,
        value: null,
        unit: 'rows/s',
        target: targets.ratio ? `≥ ${targets.ratio}× ${kind === 'CSV' ? 'csv-stringify' : 'exceljs'}` : undefined,
        pass: false,
        note: `every attempt hung (${hangs})`,
      },
    ];
  }
  const rate = ours.rows / (ours.ms / 1000);
  const baseRate = base ? base.rows / (base.ms / 1000) : null;
  return [
    {
      area: 'exports',
      name: `${kind} ${ours.rows.toLocaleString('en-US')} rows (${label})`,
      value: Math.round(rate),
      unit: 'rows/s',
      baseline: baseRate === null ? null : Math.round(baseRate),
      baselineName: kind === 'CSV' ? 'csv-stringify plain rows' : 'exceljs WorkbookWriter plain rows',
      ratio: baseRate ? round(rate / baseRate) : null,
      target: targets.ratio ? `≥ ${targets.ratio}× ${kind === 'CSV' ? 'csv-stringify' : 'exceljs'}` : undefined,
      pass: targets.ratio ? baseRate !== null && rate / baseRate >= targets.ratio && hangs === 0 : hangs === 0 ? undefined : false,
      note: `${(ours.ms / 1000).toFixed(1)} s, ${(ours.bytes / 2 ** 20).toFixed(0)} MiB file${hangNote}`,
    },
    {
      area: 'exports',
      name: `${kind} peak RSS`,
      value: ours.peakRssMiB,
      unit: 'MiB',
      baseline: base?.peakRssMiB ?? null,
      baselineName: kind === 'CSV' ? 'csv-stringify process' : 'exceljs process',
      ratio: ours.peakRssMiB && base?.peakRssMiB ? round(ours.peakRssMiB / base.peakRssMiB) : null,
      target: `≤ ${targets.rssMB} MB`,
      // 1 MiB = 1.048576 MB
      pass: ours.peakRssMiB !== null && ours.peakRssMiB * 1.048576 <= targets.rssMB,
      note: 'whole process (Nest, TypeORM, SQLite included), seen from outside',
    },
  ];
}

export async function benchExports(options: BenchOptions): Promise<Row[]> {
  const { quick, log, workDir } = options;
  const projects = quick ? 10_000 : 100_000;
  const xlsxWanted = quick ? 20_000 : 200_000;
  const portfolio = await syntheticDatabase(options, 'sqlite', projects);
  if (portfolio.config.type !== 'sqlite') throw new Error('the export bench reads a SQLite portfolio');
  const dir = join(workDir, 'exports');
  const timeoutMs = (quick ? 3 : 8) * 60_000;
  const database = JSON.stringify(portfolio.config);
  const mib = (m: Measured | null) => (m ? `${m.rows} rows in ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.peakRssMiB} MiB` : 'no result');

  // CSV, the whole portfolio.
  const csvParams: ExportParams = { format: 'csv', rows: 'transactions', csvDialect: 'excel-de', scopeBodyId: null };
  const csv = await ourExport([database, JSON.stringify(csvParams), join(dir, 'csv')], timeoutMs, log);
  log(`  csv: ${mib(csv.out)}`);
  const csvBase = csv.out
    ? await child('baseline-child.ts', ['csv', String(csv.out.rows), join(workDir, 'baseline.csv')], timeoutMs)
    : null;
  log(`  csv baseline: ${mib(csvBase)}`);

  // XLSX, one filter near the wanted size.
  const pick = filterNear(portfolio.config.path, xlsxWanted);
  const xlsxParams: ExportParams = { format: 'xlsx', rows: 'transactions', scopeBodyId: null, ...pick.params };
  const xlsx = await ourExport([database, JSON.stringify(xlsxParams), join(dir, 'xlsx')], timeoutMs, log);
  log(`  xlsx (${pick.label}): ${mib(xlsx.out)}`);
  const xlsxBase = await child(
    'baseline-child.ts',
    ['xlsx', String(xlsx.out?.rows ?? pick.rows), join(workDir, 'baseline.xlsx')],
    timeoutMs,
  );
  log(`  xlsx baseline: ${mib(xlsxBase)}`);

  return [
    // Issue 13: CSV at ≥ 0.7× bare csv-stringify of the same rows; both within 250 MB of peak RSS.
    ...rateRows('CSV', `transactions, ${projects / 1000}k projects`, csv.out, csv.hangs, csvBase, { ratio: 0.7, rssMB: 250 }),
    ...rateRows('XLSX', `transactions, ${pick.label}`, xlsx.out, xlsx.hangs, xlsxBase, { rssMB: 250 }),
  ];
}
