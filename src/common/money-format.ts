/**
 * Money as text, in one place: cents stay integers until the very last step, where
 * they become text (messages, CSV, PDF) or a euro number cell (XLSX). No float ever
 * touches a sum; the only division by 100 is for the XLSX cell value, which is
 * exact to the cent for every amount below 2^53 cents.
 */

/** "8462377,50" (decimal comma) or "8462377.50" (decimal point): no thousands separator, always two decimals. */
export function centsToDecimal(cents: number, separator: ',' | '.'): string {
  // Called once per row of a CSV export (a million times): plain concatenation, no padStart.
  const abs = cents < 0 ? -cents : cents;
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}${(abs - rest) / 100}${separator}${rest < 10 ? '0' : ''}${rest}`;
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

/** "1234567.89 €": amounts in error messages (no thousands separator, decimal point). */
export const euros = (cents: number): string => `${centsToDecimal(cents, '.')} €`;
