import type { EntityManager } from 'typeorm';
import { sqliteConnection } from './sqlite-connection';

/**
 * One statement with `:name` / `:...list` parameters (as the roll-ups' sql()), each row as an array of its column
 * values in the statement's order. On SQLite straight from
 * better-sqlite3 in raw mode, on the connection TypeORM opened (the snapshot's transaction is that connection's):
 * no object per row, no TypeORM row handling, which for 100 000 projects is time and garbage. On PostgreSQL the
 * objects' values (node-postgres keeps the columns' order).
 */
export async function sqlRows(manager: EntityManager, text: string, parameters: Record<string, unknown>): Promise<unknown[][]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(text, parameters);
  if (manager.connection.options.type !== 'better-sqlite3') {
    return ((await manager.query(query, values)) as Record<string, unknown>[]).map((row) => Object.values(row));
  }
  // Logged as TypeORM logs what it runs (a no-op unless query logging is on; test/query-plans reads it from there).
  manager.connection.logger.logQuery(query, values);
  return sqliteConnection(manager.connection)
    .prepare(query)
    .raw(true)
    .all(...values) as unknown[][];
}
