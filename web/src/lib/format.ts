/*
 * The only place where numbers, money and dates become text: Intl with de-DE. The API speaks integer euro cents and
 * ISO dates; they are converted here, at the edge. null means "not known" and is shown as such, never as 0.
 */
export const UNKNOWN = 'unbekannt';

const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const euroWhole = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
const percent = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
const dateTime = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin',
});

/** 57363131750 → "573.631.317,50 €"; null → "unbekannt". */
export function formatCents(cents: number | null | undefined): string {
  return cents == null ? UNKNOWN : euro.format(cents / 100);
}

/** Whole euros for large figures in charts and headlines: 82000000000 → "820.000.000 €". */
export function formatCentsWhole(cents: number | null | undefined): string {
  return cents == null ? UNKNOWN : euroWhole.format(Math.round(cents / 100));
}

/** Cents as a plain decimal for CSV cells read by German spreadsheets: 846237750 → "8462377,50"; null → "". */
export function centsToDecimalCell(cents: number | null | undefined): string {
  return cents == null ? '' : decimal.format(cents / 100);
}

/** Cents as euros (a number) for chart axes; null stays null so charts leave a gap instead of drawing 0. */
export function centsToEuros(cents: number | null | undefined): number | null {
  return cents == null ? null : cents / 100;
}

export function formatNumber(value: number | null | undefined): string {
  return value == null ? UNKNOWN : integer.format(value);
}

const measured = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 });

/** A measured value as stated, with its decimals ("52,5"); never rounded to a whole number. */
export function formatDecimal(value: number | null | undefined): string {
  return value == null ? UNKNOWN : measured.format(value);
}

/** Basis points (10 000 = 100 %) → "12,3 %". */
export function formatBp(bp: number | null | undefined): string {
  return bp == null ? UNKNOWN : percent.format(bp / 10_000);
}

/** "2026-11-30" or an ISO timestamp → "30.11.2026". A bare date is read as that calendar day, not as UTC midnight. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return date.format(new Date(bare ? `${iso}T12:00:00Z` : iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : UNKNOWN;
}

/**
 * What a person types as an amount in euros → integer cents, or null when it is not an amount.
 * Accepts "1.234,56", "1234,5", "1234", "1 234,56 €"; refuses a dot as decimal separator after the comma rule is
 * ambiguous ("1.234" is one thousand two hundred thirty-four, as a German reader means it).
 */
export function parseEuroToCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0€]/g, '');
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.replace(/\./g, '').split(',');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
