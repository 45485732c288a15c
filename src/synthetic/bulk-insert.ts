import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/*
 * Multi-row INSERTs for bulk loading, each statement as large as the driver's
 * bound-parameter limit allows: SQLite (as better-sqlite3 builds it) takes at
 * most 32 766 variables per statement, PostgreSQL's protocol 65 535
 * parameters. Rows per statement are computed from the columns a row binds.
 *
 * The statement is written here from the entity's TypeORM metadata (table,
 * column names, the driver's quoting and value conversion, transformers), not
 * by `createQueryBuilder().insert()`: the query builder spends ≈ 3 µs on every
 * bound parameter (named parameter bookkeeping, then rewriting the SQL to
 * positional ones), measured at 60-70 % of the run time here, which for a
 * 100 000-project portfolio (≈ 100 million parameters) is five minutes of pure
 * overhead. Positional parameters also let SQLite reuse the prepared statement
 * for every full batch.
 */

const PARAMETER_LIMIT = { sqlite: 32_766, postgres: 65_535 } as const;
/** Past a few thousand rows a statement gets no faster, only its SQL text longer. */
const MAX_ROWS_PER_STATEMENT = 2_000;

const isPostgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

/** How many rows binding `columns` parameters each fit in one statement on this database. */
export function rowsPerStatement(manager: EntityManager, columns: number): number {
  const limit = isPostgres(manager) ? PARAMETER_LIMIT.postgres : PARAMETER_LIMIT.sqlite;
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(limit / columns)));
}

interface Target {
  table: string;
  /** Property of the row objects → quoted column name. */
  columns: { property: string; sql: string; prepare: (value: unknown) => unknown }[];
}

function describe(manager: EntityManager, target: EntityTarget<ObjectLiteral> | string, sample: ObjectLiteral): Target {
  const driver = manager.connection.driver;
  const properties = Object.keys(sample);
  if (typeof target === 'string') {
    // A junction table (project_member, project_state): the row's keys are its column names.
    return { table: driver.escape(target), columns: properties.map((p) => ({ property: p, sql: driver.escape(p), prepare: (v) => v })) };
  }
  const metadata = manager.connection.getMetadata(target);
  return {
    table: driver.escape(metadata.tablePath),
    columns: properties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`bulk insert: ${metadata.name} has no column "${property}"`);
      return { property, sql: driver.escape(column.databaseName), prepare: (v) => driver.preparePersistentValue(v, column) };
    }),
  };
}

function statement(manager: EntityManager, target: Target, rows: number, returning: string): string {
  const width = target.columns.length;
  const postgres = isPostgres(manager);
  const tuples: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const marks: string[] = new Array(width);
    for (let c = 0; c < width; c++) marks[c] = postgres ? `$${r * width + c + 1}` : '?';
    tuples[r] = `(${marks.join(', ')})`;
  }
  return `INSERT INTO ${target.table} (${target.columns.map((c) => c.sql).join(', ')}) VALUES ${tuples.join(', ')}${returning}`;
}

function parameters(target: Target, rows: ObjectLiteral[]): unknown[] {
  const out: unknown[] = [];
  for (const row of rows) {
    for (const column of target.columns) {
      const value = column.prepare(row[column.property]);
      out.push(value === undefined ? null : value);
    }
  }
  return out;
}

async function insert(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral> | string,
  rows: ObjectLiteral[],
  returning: string[],
  onResult: (returned: ObjectLiteral[], slice: ObjectLiteral[]) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const described = describe(manager, target, rows[0]);
  const step = rowsPerStatement(manager, described.columns.length);
  const returningSql = returning.length ? ` RETURNING ${returning.map((c) => manager.connection.driver.escape(c)).join(', ')}` : '';
  let fullSql: string | null = null;
  for (let i = 0; i < rows.length; i += step) {
    const slice = rows.slice(i, i + step);
    // Every full batch has the same SQL text, so the driver's statement cache prepares it once.
    const sql =
      slice.length === step
        ? (fullSql ??= statement(manager, described, step, returningSql))
        : statement(manager, described, slice.length, returningSql);
    const result: unknown = await manager.query(sql, parameters(described, slice));
    if (returning.length) onResult(result as ObjectLiteral[], slice);
  }
}

/** Inserts rows that need no ids back (junction tables, leaf rows). All rows must have the same properties. */
export async function insertRows(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral> | string,
  rows: ObjectLiteral[],
): Promise<void> {
  await insert(manager, target, rows, [], () => undefined);
}

/**
 * Inserts rows and returns the ids the database assigned, in the order of
 * `rows`. Both databases RETURN the id with a natural key (`keyProperties`,
 * unique among the rows; SQLite has RETURNING since 3.35), matched back by
 * key, so nothing relies on the order rows come back in or on ids being
 * consecutive.
 */
export async function insertReturningIds(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  rows: ObjectLiteral[],
  keyProperties: string[],
): Promise<number[]> {
  const metadata = manager.connection.getMetadata(target);
  const keyColumns = keyProperties.map((p) => {
    const column = metadata.findColumnWithPropertyName(p);
    if (!column) throw new Error(`bulk insert: ${metadata.name} has no column "${p}"`);
    return column;
  });
  const driver = manager.connection.driver;
  // Keys compare as the database stores them (a boolean comes back as 0/1 from SQLite, a bigint as a string from PostgreSQL).
  const keyOfRow = (row: ObjectLiteral) =>
    keyColumns.map((c) => String(driver.preparePersistentValue(row[c.propertyName], c))).join('\u0000');
  const keyOfReturned = (raw: ObjectLiteral) => keyColumns.map((c) => String(raw[c.databaseName])).join('\u0000');
  const ids: number[] = [];
  await insert(manager, target, rows, ['id', ...keyColumns.map((c) => c.databaseName)], (returned, slice) => {
    const byKey = new Map<string, number>();
    for (const raw of returned) byKey.set(keyOfReturned(raw), Number(raw.id));
    if (byKey.size !== slice.length)
      throw new Error(`bulk insert: ${slice.length} ${metadata.name} rows written, ${byKey.size} distinct keys returned`);
    for (const row of slice) {
      const id = byKey.get(keyOfRow(row));
      if (id === undefined) throw new Error(`bulk insert: no id came back for ${metadata.name} ${keyOfRow(row)}`);
      ids.push(id);
    }
  });
  return ids;
}
