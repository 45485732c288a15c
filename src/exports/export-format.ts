/**
 * Formatting at the edge: cents stay integers until the very last step, where
 * they become text (CSV, PDF) or a euro number cell (XLSX). No float ever
 * touches a sum; the only division by 100 is for the XLSX cell value, which is
 * exact to the cent for every amount below 2^53 cents.
 */

/** "8462377,50" (decimal comma) or "8462377.50" (decimal point): no thousands separator, always two decimals. */
export function centsToDecimal(cents: number, separator: ',' | '.'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${separator}${String(abs % 100).padStart(2, '0')}`;
}

/** "8.462.377,50 €": for people reading German (PDF). */
export function centsToGerman(cents: number, withSymbol = true): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}${withSymbol ? ' €' : ''}`;
}

/** "123,4": millions of euros rounded to a tenth, for chart labels (the chart says "in Mio. €"). */
export function centsToMillions(cents: number): string {
  const tenths = Math.round(cents / 10_000_000);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)},${abs % 10}`;
}

/** The euro value of an XLSX number cell (cents remain the source of truth; formatting shows two decimals). */
export const centsToEuroNumber = (cents: number): number => cents / 100;

/**
 * CSV/formula injection (OWASP): a spreadsheet treats a cell that starts with
 * = + - @ (or a tab or carriage return) as a formula. In the excel-de dialect,
 * which is meant to be opened in Excel, such text cells get a leading
 * apostrophe so they stay text. Numbers we format ourselves are never passed
 * through this; the rfc4180 dialect (for scripts) keeps every value verbatim.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const BERLIN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const BERLIN_DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The calendar day in Germany, YYYY-MM-DD (file names). */
export const berlinDate = (instant: Date): string => BERLIN_DATE.format(instant);

/** "27.11.2026, 11:00 Uhr": the data's timestamp as a German reader expects it. */
export const berlinDateTime = (instant: Date): string => `${BERLIN_DATE_TIME.format(instant)} Uhr`;

/** "2021-03-15" → "15.03.2021". */
export const germanDate = (isoDate: string): string => `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}`;
