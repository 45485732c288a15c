import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { postgresPool, type PostgresClient } from '../database/postgres-pool';
import type { SqliteConnection, SqliteStatement } from '../database/sqlite-connection';
import type { TransactionService } from '../database/transaction.service';
import { COALESCE_PREFIX } from './job-catalogue';
import { JobRun } from './job-run.entity';

/** The columns a completed run sets, in this order. */
export const COMPLETION = [
  'status',
  'progress',
  'finishedAt',
  'error',
  'result',
  'contentHash',
  'dataAsOf',
  'artifactPath',
  'artifactName',
  'artifactType',
  'artifactBytes',
  'startedAt',
  'attempts',
] as const satisfies readonly (keyof JobRun)[];

/** What a run's end writes: also when and which attempt started, so a start still waiting in the same flush is dropped. */
export type Completion = Pick<JobRun, (typeof COMPLETION)[number]>;

/** One write of a run row, as the writer hands it on. */
export type JobRunOp =
  | { type: 'start'; id: string; attempt: number; at: Date; tries?: number }
  | { type: 'complete'; id: string; changes: Completion; tries?: number }
  | { type: 'update'; id: string; changes: Partial<JobRun> };

/**
 * A run not finished for good may (still) run: the same test the executor makes before it starts one. Starts and
 * completions write only such rows, so a run answered 503 (its queue call failed, though Redis may have taken it)
 * stays failed, and a duplicate delivery does not overwrite a completed run.
 */
const RUNNABLE = `NOT (status = 'completed' OR (status = 'failed' AND finished_at IS NOT NULL))`;
const qualified = (condition: string) => condition.replace(/status|finished_at/g, (c) => `job_run.${c}`);

/** A statement with its values; `name` makes PostgreSQL parse and plan it once per connection. */
interface PgStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** SQLite: the row's own statements, prepared once (one row each; inside one transaction a row costs what its B-trees cost). */
interface SqliteStatements {
  insert: SqliteStatement;
  start: SqliteStatement;
  complete: SqliteStatement;
}

/**
 * How job_run rows are written, each database its own way and without TypeORM's query path (per run it cost more
 * than the row itself; docs/benchmarks.md): on SQLite by statements prepared once on better-sqlite3's connection, one
 * row each, in one transaction per call, in the write queue's turn; on PostgreSQL by named statements (parsed and
 * planned once per pooled connection) that take a column of values as an array, so one text serves any number of
 * runs. Values are stored as TypeORM stores them (its driver's conversion of each column), so the entity reads them back.
 */
export class JobRunStatements {
  private readonly sqlite: boolean;
  private readonly columns: ColumnMetadata[];
  private readonly byProperty: Map<string, ColumnMetadata>;
  private prepared: SqliteStatements | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {
    this.sqlite = transactions.isSqlite;
    this.columns = dataSource.getMetadata(JobRun).columns;
    this.byProperty = new Map(this.columns.map((c) => [c.propertyName, c]));
  }

  /** All runs in one transaction (SQLite) or statement (PostgreSQL): all stored, or (a taken dedupe key) none. */
  async insert(runs: JobRun[]): Promise<void> {
    const rows = runs.map((run) => this.columns.map((column) => this.stored(column, column.getEntityValue(run))));
    if (this.sqlite) {
      await this.transactions.exclusive((connection) => {
        const { insert } = this.statements(connection);
        for (const row of rows) insert.run(row);
      });
      return;
    }
    const types = this.arrayTypes(this.columns);
    await this.postgres([
      {
        name: 'job_run_insert',
        text: `INSERT INTO job_run (${this.names()}) SELECT * FROM unnest(${types})`,
        values: this.columnsOf(rows),
      },
    ]);
  }

  /**
   * The writes in arrival order per run (SQLite: each in turn; PostgreSQL: in rounds, see rounds()), in one transaction
   * (or one statement), committed durably like every other write: a completion the queue has been told about is on
   * disk, so no run is left "running" by a crash of the database. Returns the runs whose start or completion found a
   * row it may change.
   */
  async write(ops: JobRunOp[]): Promise<Set<string>> {
    const matched = new Set<string>();
    if (this.sqlite) {
      await this.transactions.exclusive((connection) => {
        const statements = this.statements(connection);
        for (const op of ops) {
          if (op.type === 'update') {
            this.sqliteUpdate(connection, op);
            continue;
          }
          const changed =
            op.type === 'start' ? statements.start.get(...this.startValues(op)) : statements.complete.get(...this.completionValues(op));
          if (changed) matched.add(op.id);
        }
      });
      return matched;
    }
    const steps: { statement: PgStatement; records: boolean }[] = [];
    for (const round of this.rounds(ops)) {
      const of = <T extends JobRunOp['type']>(type: T) => round.filter((op): op is Extract<JobRunOp, { type: T }> => op.type === type);
      const [starts, completions] = [of('start'), of('complete')];
      if (starts.length) steps.push({ statement: this.postgresStarts(starts), records: true });
      if (completions.length) steps.push({ statement: this.postgresCompletions(completions), records: true });
      for (const op of of('update')) if (Object.keys(op.changes).length) steps.push({ statement: this.postgresUpdate(op), records: false });
    }
    const answers = await this.postgres(steps.map((s) => s.statement));
    answers.forEach((rows, i) => steps[i].records && rows.forEach((row) => matched.add(row.id)));
    return matched;
  }

  /** A run the queue failed for good, written onto a row that may still run (a finished row keeps what it says). */
  async failed(id: string, error: string, finishedAt: Date, attempts: number): Promise<void> {
    const set = (p: (n: number) => string) =>
      `status = 'failed', error = ${p(1)}, ${this.column('finishedAt')} = ${p(2)}, attempts = ${p(3)}, ${this.clearCoalescing()}`;
    const values = [error.slice(0, 4000), this.value('finishedAt', finishedAt), attempts, id];
    if (this.sqlite) {
      await this.transactions.exclusive((connection) =>
        connection.prepare(`UPDATE job_run SET ${set(() => '?')} WHERE id = ? AND ${RUNNABLE}`).run(...values),
      );
    } else await this.postgres([{ text: `UPDATE job_run SET ${set((n) => `$${n}`)} WHERE id = $4 AND ${RUNNABLE}`, values }]);
  }

  private stored(column: ColumnMetadata, value: unknown): unknown {
    return this.dataSource.driver.preparePersistentValue(value, column);
  }

  private columnOf(property: keyof JobRun): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`job_run has no column for ${property}`);
    return column;
  }

  private value(property: keyof JobRun, value: unknown): unknown {
    return this.stored(this.columnOf(property), value);
  }

  private column(property: keyof JobRun): string {
    return this.dataSource.driver.escape(this.columnOf(property).databaseName);
  }

  private names(): string {
    return this.columns.map((c) => this.dataSource.driver.escape(c.databaseName)).join(', ');
  }

  /** A coalescing key only merges requests while the run waits; once it runs, new requests get a new run. */
  private clearCoalescing(): string {
    const key = this.column('dedupeKey');
    return `${key} = CASE WHEN substr(${key}, 1, ${COALESCE_PREFIX.length}) = '${COALESCE_PREFIX}' THEN NULL ELSE ${key} END`;
  }

  /** The SET of a start: `p(n)` places its n-th value (started at, attempt). */
  private startSet(p: (n: number) => string): string {
    return `status = 'running', ${this.column('startedAt')} = ${p(1)}, attempts = ${p(2)}, progress = 0, ${this.clearCoalescing()}`;
  }

  /** The SET of a completion: `p(n)` places its n-th value (COMPLETION's order). */
  private completionSet(p: (n: number) => string): string {
    return [...COMPLETION.map((property, n) => `${this.column(property)} = ${p(n + 1)}`), this.clearCoalescing()].join(', ');
  }

  private startValues(op: Extract<JobRunOp, { type: 'start' }>): unknown[] {
    return [this.value('startedAt', op.at), op.attempt, op.id];
  }

  private completionValues(op: Extract<JobRunOp, { type: 'complete' }>): unknown[] {
    return [...COMPLETION.map((property) => this.value(property, op.changes[property])), op.id];
  }

  /** The statements of the SQLite path, prepared on first use. */
  private statements(connection: SqliteConnection): SqliteStatements {
    if (this.prepared) return this.prepared;
    const changed = `WHERE id = ? AND ${RUNNABLE} RETURNING id`;
    this.prepared = {
      insert: connection.prepare(`INSERT INTO job_run (${this.names()}) VALUES (${this.columns.map(() => '?').join(', ')})`),
      start: connection.prepare(`UPDATE job_run SET ${this.startSet(() => '?')} ${changed}`),
      complete: connection.prepare(`UPDATE job_run SET ${this.completionSet(() => '?')} ${changed}`),
    };
    return this.prepared;
  }

  /** Progress, a failure, a retry: rare, so prepared each time. */
  private sqliteUpdate(connection: SqliteConnection, op: Extract<JobRunOp, { type: 'update' }>): void {
    const properties = Object.keys(op.changes) as (keyof JobRun)[];
    if (!properties.length) return;
    connection
      .prepare(`UPDATE job_run SET ${properties.map((p) => `${this.column(p)} = ?`).join(', ')} WHERE id = ?`)
      .run(...properties.map((p) => this.value(p, op.changes[p])), op.id);
  }

  /** Each run's writes in arrival order; across runs order does not matter, so the n-th write of every run goes in one round. */
  private rounds(ops: JobRunOp[]): JobRunOp[][] {
    const rounds: JobRunOp[][] = [];
    const seen = new Map<string, number>();
    for (const op of ops) {
      const round = seen.get(op.id) ?? 0;
      seen.set(op.id, round + 1);
      (rounds[round] ??= []).push(op);
    }
    return rounds;
  }

  /** `$1::type[], $2::type[] …` for these columns (or properties), each taken as one array parameter. */
  private arrayTypes(columns: readonly (ColumnMetadata | keyof JobRun)[]): string {
    return columns
      .map((c, n) => `$${n + 1}::${this.dataSource.driver.normalizeType(typeof c === 'string' ? this.columnOf(c) : c)}[]`)
      .join(', ');
  }

  /** Rows of values as columns of values: PostgreSQL takes each column as one array parameter. */
  private columnsOf(rows: unknown[][]): unknown[][] {
    return rows[0].map((_, c) => rows.map((row) => row[c]));
  }

  private postgresStarts(ops: Extract<JobRunOp, { type: 'start' }>[]): PgStatement {
    return {
      name: 'job_run_starts',
      text:
        `UPDATE job_run SET ${this.startSet((n) => `v.c${n}`)} FROM unnest(${this.arrayTypes(['startedAt', 'attempts', 'id'])}) AS v(c1, c2, id) ` +
        `WHERE job_run.id = v.id AND ${qualified(RUNNABLE)} RETURNING job_run.id`,
      values: this.columnsOf(ops.map((op) => this.startValues(op))),
    };
  }

  private postgresCompletions(ops: Extract<JobRunOp, { type: 'complete' }>[]): PgStatement {
    const types = this.arrayTypes([...COMPLETION, 'id']);
    const names = COMPLETION.map((_, n) => `c${n + 1}`).join(', ');
    return {
      name: 'job_run_completions',
      text:
        `UPDATE job_run SET ${this.completionSet((n) => `v.c${n}`)} FROM unnest(${types}) AS v(${names}, id) ` +
        `WHERE job_run.id = v.id AND ${qualified(RUNNABLE)} RETURNING job_run.id`,
      values: this.columnsOf(ops.map((op) => this.completionValues(op))),
    };
  }

  private postgresUpdate(op: Extract<JobRunOp, { type: 'update' }>): PgStatement {
    const properties = Object.keys(op.changes) as (keyof JobRun)[];
    return {
      text: `UPDATE job_run SET ${properties.map((p, n) => `${this.column(p)} = $${n + 1}`).join(', ')} WHERE id = $${properties.length + 1}`,
      values: [...properties.map((p) => this.value(p, op.changes[p])), op.id],
    };
  }

  /**
   * PostgreSQL: one statement by itself (atomic alone: no BEGIN and COMMIT round trips), several in one transaction
   * on one pooled connection. A failure is thrown as TypeORM's QueryFailedError, as the rest of the code expects.
   */
  private async postgres(statements: PgStatement[]): Promise<{ id: string }[][]> {
    if (!statements.length) return [];
    const pool = postgresPool(this.dataSource);
    const run = async (client: PostgresClient, statement: PgStatement) => {
      try {
        return (await client.query<{ id: string }>(statement)).rows;
      } catch (error) {
        throw new QueryFailedError(statement.text, statement.values, error as Error);
      }
    };
    if (statements.length === 1) return [await run(pool, statements[0])];
    const client = await pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const answers: { id: string }[][] = [];
      for (const statement of statements) answers.push(await run(client, statement));
      await client.query('COMMIT');
      return answers;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failure the connection is dropped, not reused: its transaction may be open or the connection broken.
      client.release(failed);
    }
  }
}
