import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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
}
