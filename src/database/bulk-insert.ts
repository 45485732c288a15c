import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/**
 * A multi-row INSERT of plain rows (entity property names as keys, every row the same keys), with the values prepared
 * as TypeORM prepares them (transformers, dates in the driver's format) but without the query builder, whose parameter
 * handling grows with the square of the row count: for bulk writes of thousands of rows in one transaction.
 * Rows go in chunks that stay within SQLite's 32 766 and PostgreSQL's 65 535 parameters.
 * Returns the new rows' ids in order on SQLite (one statement per row: each reports its own); null on PostgreSQL.
 * With skipConflicts, a skipped row's id on SQLite is whatever the connection inserted last: do not ask for ids then.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: Record<string, unknown>[],
  options: { skipConflicts?: boolean } = {},
): Promise<number[] | null> {
  if (!rows.length) return sqliteConnection(manager) ? [] : null;
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const numbered = driver.options.type === 'postgres';
  const columns = Object.keys(rows[0]).map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`insertRows: ${metadata.name} has no column ${property}`);
    return column;
  });
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  // A row that collides with a unique key another writer added meanwhile is skipped, not an error (when asked).
  const verb = options.skipConflicts && !numbered ? 'INSERT OR IGNORE' : 'INSERT';
  const tail = options.skipConflicts && numbered ? ' ON CONFLICT DO NOTHING' : '';
  // An object value (a Date) that every row shares, as an audit batch's time, is converted once, not once per row.
  const last = columns.map(() => ({ value: undefined as unknown, prepared: undefined as unknown }));
  const values = (row: Record<string, unknown>) =>
    columns.map((column, i) => {
      const value = row[column.propertyName];
      if (typeof value === 'object' && value !== null && value === last[i].value) return last[i].prepared;
      const transformed = column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
      const prepared = driver.preparePersistentValue(transformed, column) as unknown;
      if (typeof value === 'object') last[i] = { value, prepared };
      return prepared;
    });
  const sqlite = sqliteConnection(manager);
  if (sqlite) {
    // SQLite runs in-process: one prepared single-row INSERT, run per row, is its fastest way (no SQL text per chunk).
    const insert = sqlite.prepare(
      `${verb} INTO ${driver.escape(metadata.tableName)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    return rows.map((row) => Number(insert.run(...values(row)).lastInsertRowid));
  }
  const perChunk = Math.floor(30_000 / columns.length);
  for (let from = 0; from < rows.length; from += perChunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(from, from + perChunk).map((row) => {
      const places = values(row).map((value) => {
        params.push(value);
        return numbered ? `$${params.length}` : '?';
      });
      return `(${places.join(', ')})`;
    });
    await manager.query(`${verb} INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${tuples.join(', ')}${tail}`, params);
  }
  return null;
}

interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/**
 * Runs one writing statement on SQLite inside the manager's transaction and returns how many rows it changed; null
 * (nothing run) on PostgreSQL or outside a transaction.
 */
export function runOnSqlite(manager: EntityManager, sql: string, params: unknown[]): number | null {
  const sqlite = sqliteConnection(manager);
  return sqlite ? sqlite.prepare(sql).run(...params).changes : null;
}

/**
 * The better-sqlite3 connection when the manager is inside a transaction on SQLite (TypeORM keeps one connection
 * there, so the transaction is this connection's), or null: PostgreSQL, or outside a transaction.
 */
function sqliteConnection(manager: EntityManager): { prepare(sql: string): SqliteStatement } | null {
  const driver = manager.connection.driver as unknown as {
    options: { type: string };
    databaseConnection: { prepare(sql: string): SqliteStatement };
  };
  if (driver.options.type !== 'better-sqlite3' || !manager.queryRunner?.isTransactionActive) return null;
  return driver.databaseConnection;
}
