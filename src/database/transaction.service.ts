import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { sqliteConnection, type SqliteConnection } from './sqlite-connection';

/** An error better-sqlite3 threw (SqliteError, with its SQLITE_… code). */
const isSqliteError = (error: unknown): error is Error & { code: string } =>
  typeof error === 'object' &&
  error !== null &&
  (error as Error).name === 'SqliteError' &&
  typeof (error as { code?: unknown }).code === 'string';

/**
 * One transaction per business operation. TypeORM's SQLite drivers share a
 * single connection, so two concurrent `transaction()` calls collide
 * ("cannot start a transaction within a transaction"): on SQLite every write
 * transaction waits its turn in one queue per data source. PostgreSQL runs
 * them concurrently; services take row locks where a rule needs them.
 */
@Injectable()
export class TransactionService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  get isSqlite(): boolean {
    return this.serialize;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * SQLite only: `work` runs synchronously on better-sqlite3's connection in its turn of the write queue, inside one
   * transaction of its own (BEGIN … COMMIT, ROLLBACK if it throws), for hot writers that prepare their statements
   * once instead of going through TypeORM's query path (the job runs' rows). A driver's error comes out as TypeORM's
   * QueryFailedError (as from TypeORM's own queries), so the callers' checks (a unique violation, a locked database) hold.
   */
  exclusive<T>(work: (connection: SqliteConnection) => T): Promise<T> {
    if (!this.serialize) throw new Error('exclusive() is for SQLite; PostgreSQL runs transactions side by side');
    const connection = sqliteConnection(this.dataSource);
    const result = this.tail.then(() => {
      try {
        return connection.transaction(() => work(connection))();
      } catch (error) {
        // The driver's error (its code: SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY …) as TypeORM would hand it on; any other is thrown
        // as it is. Told by its name, not by instanceof: the native addon makes every error with the class of the first
        // better-sqlite3 module loaded in the process, and each module registry and global scope (Jest gives each test
        // file its own) has other classes.
        if (isSqliteError(error)) throw new QueryFailedError('', undefined, error);
        throw error;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * A consistent read: several queries that must agree with each other. On SQLite all queries share one
   * connection, so a read beside an open write transaction could see that transaction's uncommitted rows: the
   * read waits its turn in the write queue instead. PostgreSQL reads one REPEATABLE READ, READ ONLY snapshot
   * beside the writers. `jit: false` for big aggregates whose row estimates the planner cannot know (it would
   * spend seconds JIT-compiling a query that runs in a tenth of a second).
   */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>, options: { jit?: boolean } = {}): Promise<T> {
    if (this.serialize) return this.run(work);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      if (options.jit === false) await manager.query('SET LOCAL jit = off');
      return work(manager);
    });
  }
}
