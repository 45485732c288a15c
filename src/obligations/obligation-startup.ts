import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import type { EntityManager } from 'typeorm';
import { syncAllObligations } from './obligation-sync';
import { ObligationsService } from './obligations.service';

/**
 * At start-up the API brings every project's obligations in line: after the
 * migration that introduced them (existing projects get theirs), and after
 * the calendar settings (cadence, due months, working-day rule) changed.
 */
@Injectable()
export class ObligationStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Obligations');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly obligations: ObligationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api') return;
    const run = <T>(work: (manager: EntityManager) => Promise<T>) => this.transactions.run(work);
    const changed = await syncAllObligations(run, this.config.reporting, this.obligations.workingDays);
    if (changed > 0) this.logger.log(`Reporting obligations brought up to date (${changed} rows).`);
  }
}
