import { createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/**
 * The exports' baselines, in a process of their own so their peak RSS is read
 * from outside the same way as our export's (bench/exports.ts); this file
 * loads nothing of the application. Prints one JSON line: { rows, ms, bytes }.
 *
 *   csv <rows> <file>    csv-stringify streaming plain rows to a file (the excel-de dialect's options)
 *   xlsx <rows> <file>   exceljs' streaming WorkbookWriter, plain rows
 *
 * The rows have the columns of a transactions export (slug, name, type, date,
 * phase, budget year, amount), made up from the row number.
 */
function plainRow(i: number): (string | number)[] {
  return [
    `projekt-${i % 100_000}`,
    `Synthetisches Projekt ${i % 100_000}`,
    i % 9 ? 'Auszahlung' : 'Bewilligung',
    '2023-06-30',
    i % 9 ? '' : 'A',
    2020 + (i % 6),
    `${(i * 7919) % 10_000_000},${String(i % 100).padStart(2, '0')}`,
  ];
}

async function csvBaseline(rows: number, file: string): Promise<void> {
  const out = stringify({ bom: true, delimiter: ';', record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  const done = pipeline(out, createWriteStream(file));
  for (let i = 0; i < rows; i++) {
    if (!out.write(plainRow(i))) await new Promise((resolve) => out.once('drain', resolve));
  }
  out.end();
  await done;
}

async function xlsxBaseline(rows: number, file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Buchungen');
  sheet.columns = ['Projekt-Slug', 'Projekt', 'Art', 'Datum', 'Phase', 'Haushaltsjahr', 'Betrag'].map((header, i) => ({
    header,
    key: `c${i}`,
    width: 16,
  }));
  for (let i = 0; i < rows; i++) {
    const r = plainRow(i);
    sheet.addRow([r[0], r[1], r[2], new Date('2023-06-30T00:00:00Z'), r[4], r[5], ((i * 7919) % 1_000_000_000) / 100]).commit();
    // Let the zip stream work, as a real producer reading batches from a database would.
    if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}

async function main(): Promise<void> {
  const [mode, count, file] = process.argv.slice(2);
  const start = performance.now();
  const rows = Number(count);
  if (mode === 'csv') await csvBaseline(rows, file);
  else if (mode === 'xlsx') await xlsxBaseline(rows, file);
  else throw new Error(`unknown mode ${mode}`);
  console.log(JSON.stringify({ rows, ms: performance.now() - start, bytes: statSync(file).size }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
