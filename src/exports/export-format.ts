/** Formatting at the edge of an export: formula guard and German dates. Money is formatted by common/money-format. */

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

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
