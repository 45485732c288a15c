import type { Dependency } from './operations.errors';

/** Error codes of a connection that could not be made or was lost (Node sockets, pg, PostgreSQL's shutdown codes). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
// "already released": TypeORM releases a transaction's connection when the server drops it; the transaction's next
// statement then fails with QueryRunnerProviderAlreadyReleasedError instead of a connection error (seen mid-outage).
const DATABASE_MESSAGES =
  /Connection terminated|[Qq]uery runner (was )?already released|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|SQLITE_BUSY|database is locked/;
const REDIS_MESSAGES = /Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request limit/;

function codes(error: unknown, depth = 0): { code?: unknown; message: string; name?: string } | null {
  if (!error || typeof error !== 'object' || depth > 3) return null;
  const e = error as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; cause?: unknown };
  if (e.code !== undefined && CONNECTION_CODES.has(String(e.code))) return { code: e.code, message: String(e.message ?? '') };
  const message = String(e.message ?? '');
  if (DATABASE_MESSAGES.test(message) || REDIS_MESSAGES.test(message)) return { message, name: String(e.name ?? '') };
  return codes(e.driverError, depth + 1) ?? codes(e.cause, depth + 1);
}

/**
 * Which dependency an error thrown by a driver says is down, or null for any other error. A query that failed
 * because the database went away is not a bug of ours: it is a 503 the client can retry, not a 500.
 */
export function unavailableDependency(error: unknown): Exclude<Dependency, 'api'> | null {
  const found = codes(error);
  if (!found) return null;
  if (REDIS_MESSAGES.test(found.message)) return 'redis';
  return 'database';
}
