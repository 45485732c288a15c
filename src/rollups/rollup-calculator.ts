import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import type { RollupKind } from '../jobs/job-catalogue';
import { fundingRollup } from './funding-rollup';
import { progressRollup } from './progress-rollup';
import { strategyRollup } from './strategy-rollup';
import { type StoredSummary, storeSummaries } from './strategy-rollup-data';
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

  async compute(kind: RollupKind): Promise<RollupContent> {
    if (kind === 'strategy') return this.computeStrategy();
    // jit off: the planner cannot know how many rows json_to_recordset yields (it assumes 100), so its
    // estimates for the per-project joins run into the millions and JIT compiles the query:
    // ≈ 1.8 s of compiling for ≈ 0.1 s of work at 1 000 projects.
    return this.transactions.snapshot(
      async (manager) => {
        const source = await readSource(manager, this.clock.now());
        return kind === 'funding' ? fundingRollup(source) : progressRollup(source, this.config.reporting);
      },
      { jit: false },
    );
  }

  /**
   * The strategy roll-up from the cascades' stored summaries. Those it had to compute from the rows (none
   * stored yet, or rows changed behind the services' backs) are stored afterwards, in a transaction of their
   * own (the snapshot is read-only on PostgreSQL), each only if its cascade is still at the version it was
   * computed from; one whose report changed meanwhile no longer matches and is computed again next time.
   */
  private async computeStrategy(): Promise<RollupContent> {
    const refreshed: StoredSummary[] = [];
    const content = await this.transactions.snapshot(
      async (manager) => strategyRollup(await readSource(manager, this.clock.now()), { refreshed }),
      { jit: false },
    );
    if (refreshed.length) await this.transactions.run((manager) => storeSummaries(manager, refreshed));
    return content;
  }
}
