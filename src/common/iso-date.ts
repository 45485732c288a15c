/**
 * A `date` column read by raw SQL: SQLite gives the stored text, node-postgres a
 * Date at local midnight (so its local fields, not UTC ones, hold the calendar day).
 */
export function isoDate(value: unknown): string {
  if (value instanceof Date) {
    return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  }
  return String(value).slice(0, 10);
}
