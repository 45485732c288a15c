import type { EntityManager } from 'typeorm';

/**
 * Runs one SQL statement with `:name` / `:...list` parameters, bound the way
 * the driver wants them ($1 on PostgreSQL, ? on SQLite). The roll-ups are
 * aggregate SQL with CTEs and UNION ALL, which the query builder does not
 * express; this keeps them parameterised all the same.
 */
export function sql<T>(manager: EntityManager, text: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(text, parameters);
  return manager.query(query, values);
}

export const isPostgres = (manager: EntityManager): boolean => manager.connection.options.type === 'postgres';

/** The key of a group row as text, whatever type the column has on either database. */
export const asText = (expression: string) => `CAST(${expression} AS TEXT)`;
