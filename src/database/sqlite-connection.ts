import type { DataSource } from 'typeorm';

/** What we use of a better-sqlite3 prepared statement. */
export interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  pluck(on: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number };
}

export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  /** Wraps `work` in BEGIN … COMMIT (ROLLBACK if it throws). */
  transaction<T>(work: () => T): () => T;
}

/**
 * better-sqlite3's connection under TypeORM's driver, for the few reads that skip TypeORM's row handling (project
 * pages, roll-up passes). The one place that knows where TypeORM keeps it: an upgrade that moves it breaks here.
 */
export function sqliteConnection(dataSource: DataSource): SqliteConnection {
  return (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
}
