import { QueryFailedError } from 'typeorm';

/** PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE: a unique index refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = String((error.driverError as { code?: unknown } | undefined)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
