import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import type { RollupKind } from '../jobs/job-catalogue';
import { fundingRollup } from './funding-rollup';
import { progressRollup } from './progress-rollup';
import type { RollupContent } from './rollup-content';
import { readSource } from './rollup-source';

/**
 * Computes a roll-up from the source rows. Every figure is read inside one
 * snapshot, so they agree with each other: PostgreSQL reads in one REPEATABLE
 * READ transaction; SQLite reads in a transaction taken in the write queue
 * (its connection is shared, so a read beside an open write transaction could
 * see that transaction's uncommitted rows). dataAsOf is the clock's now at the
 * start of that snapshot.
 */
@Injectable()
export class RollupCalculator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly clock: Clock,
  ) {}

  compute(kind: RollupKind): Promise<RollupContent> {
    return this.snapshot(async (manager) => {
      const source = await readSource(manager, this.clock.now());
      return kind === 'funding' ? fundingRollup(source) : progressRollup(source, this.config.reporting);
    });
  }

  private snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.transactions.isSqlite) return this.transactions.run(work);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // The planner cannot know how many rows json_to_recordset yields (it assumes 100), so its
      // estimates for the per-project joins run into the millions and JIT compiles the query:
      // ≈ 1.8 s of compiling for ≈ 0.1 s of work at 1 000 projects. These are aggregates over
      // indexed joins; JIT does not pay for itself here.
      await manager.query('SET LOCAL jit = off');
      return work(manager);
    });
  }
}
