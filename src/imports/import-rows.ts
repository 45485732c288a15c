import { isCalendarDate } from '../common/dates';
import type { DomainError } from '../common/errors/domain-error';
import type { RawRow, RawTable } from './import-file';
import { duplicateRef, formulaRefused, valueInvalid } from './imports.errors';

export const IMPORT_KINDS = ['commitments', 'disbursements', 'reversals', 'repayments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Template columns per kind; German headers from a bank list are read too (Buchungsnummer, Projekt, …). */
export const IMPORT_COLUMNS: Record<ImportKind, string[]> = {
  commitments: ['external_ref', 'project', 'date', 'amount_eur', 'phase', 'budget_year', 'note'],
  disbursements: ['external_ref', 'project', 'date', 'amount_eur', 'budget_year', 'note'],
  reversals: ['external_ref', 'original_type', 'original_ref', 'original_id', 'date', 'amount_eur', 'reason'],
  repayments: ['external_ref', 'project', 'date', 'amount_eur', 'budget_year', 'reason'],
};
export const REQUIRED_COLUMNS: Record<ImportKind, string[]> = {
  commitments: ['external_ref', 'project', 'date', 'amount_eur', 'phase'],
  disbursements: ['external_ref', 'project', 'date', 'amount_eur', 'budget_year'],
  reversals: ['external_ref', 'original_type', 'date', 'amount_eur', 'reason'],
  repayments: ['external_ref', 'project', 'date', 'amount_eur', 'budget_year', 'reason'],
};
export const GERMAN_COLUMNS: Record<string, string> = {
  buchungsnummer: 'external_ref',
  referenz: 'external_ref',
  projekt: 'project',
  datum: 'date',
  betrag: 'amount_eur',
  'betrag_(eur)': 'amount_eur',
  haushaltsjahr: 'budget_year',
  phase: 'phase',
  bemerkung: 'note',
  grund: 'reason',
  ursprungsart: 'original_type',
  ursprungsbuchung: 'original_ref',
  'ursprungs-id': 'original_id',
};

/** What a reversal row names as its original: the English word, or the German one the web page shows. */
const ORIGINAL_TYPES: Record<string, 'commitment' | 'disbursement'> = {
  commitment: 'commitment',
  disbursement: 'disbursement',
  zusage: 'commitment',
  mittelabruf: 'disbursement',
  auszahlung: 'disbursement',
};

/** A row read and checked for form; the funding rules come later, from the funding service itself. */
export interface ImportRow {
  row: number;
  externalRef: string;
  project: string;
  date: string;
  amountCents: number;
  budgetYear?: number;
  phase?: string;
  note?: string;
  /** Reversals: the entry reversed, by the external reference of an earlier import or by its id. */
  originalType?: 'commitment' | 'disbursement';
  originalRef?: string;
  originalId?: number;
  /** Reversals and repayments: why (required, as on the single routes). */
  reason?: string;
}

export interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

/** The funding services' field names, as the import's columns. */
const COLUMN_OF: Record<string, string> = {
  amountCents: 'amount_eur',
  date: 'date',
  budgetYear: 'budget_year',
  phase: 'phase',
  note: 'note',
  reason: 'reason',
};

/** The column a funding rule's error names (by its first detail's field), else `fallback`. */
export const columnOf = (error: DomainError, fallback: string): string => {
  const field = error.details[0]?.field;
  return (field && COLUMN_OF[field]) ?? fallback;
};

export const rowError = (row: number, column: string, error: DomainError): RowError => ({
  row,
  column,
  code: error.code,
  message: error.message,
});

const MAX_CENTS = 82_000_000_000;

/**
 * Euros as text into cents, exactly. Both conventions: with both separators the last one is the decimal mark
 * (1.234,56 and 1,234.56); a separator used twice groups thousands; a single one before exactly three digits is
 * read by the file's dialect (German: 1.234 = 1234 €; RFC: 1,234 = 1234 €); before one or two digits it is the
 * decimal mark. A number with more than two decimals is refused.
 */
export function parseEuros(text: string, dialect: RawTable['dialect']): number | null {
  const t = text.replace(/[\s\u00a0€]/g, '').replace(/^EUR|EUR$/i, '');
  if (!/^\d[\d.,]*$/.test(t)) return null;
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let decimal: '.' | ',' | null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
    if (sep === null) decimal = null;
    else if (t.split(sep).length > 2) decimal = null;
    else if (t.length - t.lastIndexOf(sep) - 1 === 3) decimal = (dialect === 'excel-de') === (sep === ',') ? sep : null;
    else decimal = sep;
  }
  const [whole, fraction = ''] = decimal ? [t.slice(0, t.lastIndexOf(decimal)), t.slice(t.lastIndexOf(decimal) + 1)] : [t, ''];
  const grouping = decimal === ',' ? '.' : ',';
  const digits = whole.split(decimal === null ? /[.,]/ : grouping);
  if (digits.length > 1 && (digits.slice(1).some((g) => g.length !== 3) || digits[0].length > 3 || /[.,]/.test(digits.join(''))))
    return null;
  if (!/^\d{0,2}$/.test(fraction) || /[.,]/.test(fraction)) return null;
  const cents = Number(digits.join('')) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** YYYY-MM-DD or the German day.month.year (15.03.2021), a real calendar day. */
export function parseDate(text: string): string | null {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : text;
  return isCalendarDate(iso) ? iso : null;
}

/** parseDate and parseEuros remembered per text within one file: a bank list repeats its dates (and often its amounts). */
class Memo<T> {
  private readonly known = new Map<string, T>();
  constructor(private readonly compute: (text: string) => T) {}
  get(text: string): T {
    let value = this.known.get(text);
    if (value === undefined && !this.known.has(text)) {
      value = this.compute(text);
      if (this.known.size < 10_000) this.known.set(text, value);
    }
    return value as T;
  }
}

interface Readers {
  date: Memo<string | null>;
  euros: Memo<number | null>;
}

function readRow(raw: RawRow, kind: ImportKind, readers: Readers, errors: RowError[]): ImportRow | null {
  const before = errors.length;
  const fail = (column: string, message: string) => errors.push(rowError(raw.row, column, valueInvalid(message)));
  const { cells, formulas } = raw;
  for (const column of formulas) errors.push(rowError(raw.row, column, formulaRefused()));
  const cell = (c: string) => cells[c] ?? '';
  for (const column of REQUIRED_COLUMNS[kind]) if (!cell(column) && !formulas.includes(column)) fail(column, `${column} is empty`);
  const externalRef = cell('external_ref');
  if (externalRef.length > 100) fail('external_ref', 'at most 100 characters');
  const dateText = cell('date');
  const date = readers.date.get(dateText);
  if (dateText && !date) fail('date', `"${dateText}" is not a date (YYYY-MM-DD or day.month.year)`);
  const amountText = cell('amount_eur');
  const amountCents = readers.euros.get(amountText);
  if (amountText && (amountCents === null || amountCents < 1 || amountCents > MAX_CENTS)) {
    fail('amount_eur', `"${amountText}" is not an amount from 0,01 to 820.000.000,00 € with at most two decimals`);
  }
  const year = cell('budget_year');
  if (year && !/^\d{4}$/.test(year)) fail('budget_year', `"${year}" is not a year`);
  const phase = cell('phase');
  if (kind === 'commitments' && phase && !['A', 'B'].includes(phase.toUpperCase())) fail('phase', 'phase must be A or B');
  const note = cell('note');
  if (note.length > 2000) fail('note', 'at most 2000 characters');
  const reason = cell('reason');
  if (reason.length > 2000) fail('reason', 'at most 2000 characters');
  const original = kind === 'reversals' ? readOriginal(cell, fail) : null;
  if (errors.length > before) return null;
  const row: ImportRow = {
    row: raw.row,
    externalRef,
    project: cell('project'),
    date: date as string,
    amountCents: amountCents as number,
    budgetYear: year ? Number(year) : undefined,
    phase: phase ? phase.toUpperCase() : undefined,
    note: note || undefined,
    reason: reason || undefined,
  };
  return original ? Object.assign(row, original) : row;
}

/** A reversal's original: its type, and either original_ref (an earlier import's external reference) or original_id. */
function readOriginal(cell: (c: string) => string, fail: (column: string, message: string) => void): Partial<ImportRow> {
  const type = ORIGINAL_TYPES[cell('original_type').toLowerCase()];
  if (cell('original_type') && !type) fail('original_type', 'original_type must be commitment or disbursement (Zusage or Mittelabruf)');
  const ref = cell('original_ref');
  const id = cell('original_id');
  if (!ref && !id) fail('original_ref', 'give original_ref (the external reference of the entry) or original_id');
  else if (ref && id) fail('original_id', 'give original_ref or original_id, not both');
  else if (id && !/^[1-9]\d{0,9}$/.test(id)) fail('original_id', `"${id}" is not an entry id`);
  return { originalType: type, originalRef: ref || undefined, originalId: id ? Number(id) : undefined };
}

/**
 * Every row read and checked for form; duplicate external references in one file are errors of the later rows.
 * A list of rows is released as it is read (a 100 000-row file is not held twice): read table.rows.length before.
 */
export function readRows(table: RawTable, kind: ImportKind): { rows: ImportRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  const firstRowOf = new Map<string, number>();
  const readers: Readers = {
    date: new Memo(parseDate),
    euros: new Memo((text) => parseEuros(text, table.dialect)),
  };
  for (const raw of released(table.rows)) {
    const ref = raw.cells.external_ref ?? '';
    const first = firstRowOf.get(ref);
    if (ref && first !== undefined) errors.push(rowError(raw.row, 'external_ref', duplicateRef(first)));
    else if (ref) firstRowOf.set(ref, raw.row);
    const row = readRow(raw, kind, readers, errors);
    if (row && first === undefined) rows.push(row);
  }
  return { rows, errors };
}

/** The rows in order; a list's entries are let go as they are handed out. */
function* released(rows: RawTable['rows']): Generator<RawRow> {
  if (!Array.isArray(rows)) return yield* rows;
  const list = rows as (RawRow | undefined)[];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i] as RawRow;
    list[i] = undefined;
    yield raw;
  }
}
