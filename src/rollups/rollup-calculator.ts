import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import type { RollupKind } from '../jobs/job-catalogue';
import { fundingRollup } from './funding-rollup';
import { progressRollup } from './progress-rollup';
import { strategyRollup } from './strategy-rollup';
import type { RollupContent } from './rollup-content';
import { readSource } from './rollup-source';

/**
 * Computes a roll-up from the source rows. Every figure is read inside one
 * snapshot (TransactionService.snapshot), so they agree with each other.
 * dataAsOf is the clock's now at the start of that snapshot.
 */
@Injectable()
export class RollupCalculator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly clock: Clock,
  ) {}

  compute(kind: RollupKind): Promise<RollupContent> {
    // jit off: the planner cannot know how many rows json_to_recordset yields (it assumes 100), so its
    // estimates for the per-project joins run into the millions and JIT compiles the query:
    // ≈ 1.8 s of compiling for ≈ 0.1 s of work at 1 000 projects.
    return this.transactions.snapshot(
      async (manager) => {
        const source = await readSource(manager, this.clock.now());
        if (kind === 'strategy') return strategyRollup(source);
        return kind === 'funding' ? fundingRollup(source) : progressRollup(source, this.config.reporting);
      },
      { jit: false },
    );
  }
}
