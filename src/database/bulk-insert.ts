import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/**
 * A multi-row INSERT of plain rows (entity property names as keys, every row the same keys), with the values prepared
 * as TypeORM prepares them (transformers, dates in the driver's format) but without the query builder, whose parameter
 * handling grows with the square of the row count: for bulk writes of thousands of rows in one transaction.
 * Rows go in chunks that stay within SQLite's 32 766 and PostgreSQL's 65 535 parameters.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: Record<string, unknown>[],
  options: { skipConflicts?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
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
  const values = (row: Record<string, unknown>) =>
    columns.map((column) => {
      const value = row[column.propertyName];
      const transformed = column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
      return driver.preparePersistentValue(transformed, column) as unknown;
    });
  const sqlite = sqliteConnection(manager);
  if (sqlite) {
    // SQLite runs in-process: one prepared single-row INSERT, run per row, is its fastest way (no SQL text per chunk).
    const insert = sqlite.prepare(
      `${verb} INTO ${driver.escape(metadata.tableName)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows) insert.run(...values(row));
    return;
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
}

interface SqliteStatement {
  run(...params: unknown[]): unknown;
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
