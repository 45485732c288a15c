import type { DataSource } from 'typeorm';

/** What we use of node-postgres: a client or the pool (a statement on any free connection). */
export interface PostgresClient {
  query<R>(statement: { name?: string; text: string; values?: unknown[] } | string): Promise<{ rows: R[] }>;
}

export interface PostgresPool extends PostgresClient {
  connect(): Promise<PostgresClient & { release(destroy?: boolean): void }>;
}

/**
 * node-postgres' pool under TypeORM's driver (the same connections, limits and fail-fast timeouts), for the few hot
 * writers that use named statements, which TypeORM's query path cannot (job runs). The one place that knows where
 * TypeORM keeps it: an upgrade that moves it breaks here.
 */
export function postgresPool(dataSource: DataSource): PostgresPool {
  return (dataSource.driver as unknown as { master: PostgresPool }).master;
}
