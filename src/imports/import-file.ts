import { type Options, parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { GERMAN_COLUMNS } from './import-rows';
import { fileUnreadable, macrosRefused, tooManyRows } from './imports.errors';

/** One data row as read: cell texts by column name, and the cells that held a formula. */
export interface RawRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Record<string, string>;
  formulas: string[];
}

/** A table's data rows: a list, or (a quote-free CSV) made one by one as they are read, so that none is held long. */
export interface RawRows {
  readonly length: number;
  [Symbol.iterator](): Iterator<RawRow>;
}

export interface RawTable {
  columns: string[];
  rows: RawRows;
  /** `;` (German Excel: decimal comma) or `,` (RFC 4180: decimal point): how ambiguous amounts are read. */
  dialect: 'excel-de' | 'rfc4180';
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise Windows-1252, which is what German Excel writes. */
export function decodeText(bytes: Buffer): string {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Template names as they are; German headers (Buchungsnummer, Betrag, …) as their template name. */
const normaliseColumn = (name: string) => {
  const key = name.trim().toLowerCase().replace(/\s+/g, '_');
  return GERMAN_COLUMNS[key] ?? key;
};

/** csv-parse's sync parse with an on_record that turns each record into a row (its typings allow that only with `columns`). */
const parseRows = parse as unknown as (
  text: string,
  options: Omit<Options, 'on_record'> & { on_record: (record: string[], context: { records: number }) => RawRow | null },
) => RawRow[];

function readCsv(bytes: Buffer, maxRows: number): RawTable {
  const text = decodeText(bytes);
  if (text.includes('\u0000')) throw fileUnreadable('this is not a CSV or XLSX file');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const { columns, rows } = splitSimpleCsv(text, delimiter) ?? parseCsv(text, delimiter);
  if (rows.length > maxRows) throw tooManyRows(maxRows, rows.length);
  return { columns, rows, dialect: delimiter === ';' ? 'excel-de' : 'rfc4180' };
}

/** The rows of any CSV text, by csv-parse; a text it cannot read is refused as a whole (4xx). */
export function parseCsv(text: string, delimiter: ';' | ','): Pick<RawTable, 'columns' | 'rows'> {
  // Each record becomes its row as it is parsed (on_record): the parser's string arrays are not all held beside the rows.
  let columns: string[] | null = null;
  let rows: RawRow[];
  try {
    rows = parseRows(text, {
      delimiter,
      relax_column_count: true,
      // Blank lines and rows of separators only (";;;;", as Excel saves emptied rows) are read and then skipped, as in
      // XLSX: they still count, so each row number is the one the spreadsheet shows.
      skip_empty_lines: false,
      on_record: (record: string[], context: { records: number }): RawRow | null => {
        if (record.every((cell) => cell.trim() === '')) return null;
        if (!columns) {
          columns = record.map(normaliseColumn);
          return null;
        }
        const cells: Record<string, string> = {};
        for (let j = 0; j < columns.length; j++) cells[columns[j]] = (record[j] ?? '').trim();
        return { row: context.records, cells, formulas: NO_FORMULAS };
      },
    });
  } catch (error) {
    throw fileUnreadable(`malformed CSV (${(error as Error).message.slice(0, 160)})`);
  }
  return { columns: columns ?? [], rows };
}

/** A CSV row holds no formula: one shared empty list instead of one per row. */
const NO_FORMULAS: string[] = Object.freeze([]) as unknown as string[];

/**
 * The rows of a CSV without any quote character and with one kind of line break (LF, or CRLF throughout), split
 * directly: what csv-parse reads from such a text (same records, same row numbers, blank records counted and skipped),
 * without its per-character state machine and per-record arrays — a 100 000-row bank list is read in a fraction of the
 * time. Only where each row's line lies is kept; the row itself is made when it is read (it dies young: little
 * garbage-collection work). Anything else (quotes, lone or mixed CRs) returns null and goes through csv-parse.
 * Compared with csv-parse on tricky inputs in import-file.spec.ts.
 */
export function splitSimpleCsv(text: string, delimiter: ';' | ','): Pick<RawTable, 'columns' | 'rows'> | null {
  if (text.includes('"')) return null;
  const crs = countOf(text, '\r');
  const crlf = crs > 0;
  if (crlf && (crs !== countOf(text, '\n') || countOf(text, '\r\n') !== crs)) return null;
  const lineBreak = crlf ? '\r\n' : '\n';
  // String.prototype.trim() removes exactly what \s matches: a line of separators and blanks is a blank record.
  const blank = delimiter === ';' ? /^[\s;]*$/ : /^[\s,]*$/;
  let columns: string[] | null = null;
  // Per data row: its record number, where its line starts and ends (at most one row per line break, and one more).
  const lines = new Uint32Array(3 * ((crlf ? crs : countOf(text, '\n')) + 1));
  let rows = 0;
  let record = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf(lineBreak, start);
    if (end < 0) end = text.length;
    record += 1;
    // A line that starts with a character that is neither a blank nor the separator is not blank: no test, no copy.
    const plainStart = start < end && text[start] !== delimiter && text[start].trim() !== '';
    if (plainStart || !blank.test(text.slice(start, end))) {
      if (columns) {
        lines[3 * rows] = record;
        lines[3 * rows + 1] = start;
        lines[3 * rows + 2] = end;
        rows += 1;
      } else columns = text.slice(start, end).split(delimiter).map(normaliseColumn);
    }
    start = end + lineBreak.length;
  }
  const header = columns ?? [];
  return { columns: header, rows: new SplitRows(text, delimiter, header, lines.subarray(0, 3 * rows)) };
}

/** The rows splitSimpleCsv found, each made from its line when it is read. */
class SplitRows implements RawRows {
  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly columns: string[],
    private readonly lines: Uint32Array,
  ) {}

  get length(): number {
    return this.lines.length / 3;
  }

  *[Symbol.iterator](): Iterator<RawRow> {
    const { text, delimiter, columns, lines } = this;
    for (let k = 0; k < lines.length; k += 3) {
      const fields = text.slice(lines[k + 1], lines[k + 2]).split(delimiter);
      const cells: Record<string, string> = {};
      for (let j = 0; j < columns.length; j++) cells[columns[j]] = (fields[j] ?? '').trim();
      yield { row: lines[k], cells, formulas: NO_FORMULAS };
    }
  }
}

function countOf(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  // A number is written with a decimal point: read as the RFC convention, whatever the sheet's locale.
  return String(value).trim();
}

async function readXlsx(bytes: Buffer, maxRows: number): Promise<RawTable> {
  if (bytes.includes('vbaProject.bin') || bytes.includes('macroEnabled')) throw macrosRefused();
  // Loaded when a workbook comes: exceljs is ≈ 28 MiB of code and heap that a process reading no XLSX never needs.
  const excel = (await import('exceljs')).default;
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw fileUnreadable(`not a readable XLSX workbook (${(error as Error).message.slice(0, 160)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileUnreadable('the workbook has no worksheet');
  if (sheet.actualRowCount > maxRows + 1) throw tooManyRows(maxRows, sheet.actualRowCount - 1);
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => normaliseColumn(cellText(v)));
  const rows: RawRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    const formulas: string[] = [];
    header.forEach((column, j) => {
      const cell = row.getCell(j + 1);
      const formula = cell.type === excel.ValueType.Formula;
      if (formula) formulas.push(column);
      cells[column] = formula ? '' : cellText(cell.value);
    });
    if (Object.values(cells).some((v) => v !== '') || formulas.length) rows.push({ row: number, cells, formulas });
  });
  return { columns: header, rows, dialect: 'rfc4180' };
}

/** Reads an uploaded CSV or XLSX into rows of cell texts; an unreadable file is refused as a whole (4xx). */
export async function readTable(bytes: Buffer, maxRows: number): Promise<RawTable> {
  if (bytes.length === 0) throw fileUnreadable('the file is empty');
  if (bytes.subarray(0, 4).equals(ZIP)) return readXlsx(bytes, maxRows);
  return readCsv(bytes, maxRows);
}
