import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import type { EntityManager } from 'typeorm';
import { calendarFingerprint, storedFingerprint, storeFingerprint } from './obligation-fingerprint';
import { syncAllObligations } from './obligation-sync';
import { ObligationsService } from './obligations.service';

/**
 * At start-up the API brings every project's obligations in line when what they depend on beyond the project's own
 * data changed since the last complete pass: after the migration that introduced them (existing projects get theirs),
 * and after the calendar settings (cadence, due months, working-day rule), the holiday data or a programme's end
 * changed. A start with the same settings costs one small read (the fingerprint in `app_setting`); changes to a
 * project's commitments, status or reports sync that project as they happen.
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
    const [wanted, stored] = await run(async (manager) => [
      await calendarFingerprint(manager, this.config),
      await storedFingerprint(manager),
    ]);
    if (wanted === stored) return;
    const changed = await syncAllObligations(run, this.config.reporting, this.obligations.workingDays);
    // Written only after every chunk is through: a start interrupted half-way syncs again next time.
    await run((manager) => storeFingerprint(manager, wanted));
    if (changed > 0) this.logger.log(`Reporting obligations brought up to date (${changed} rows).`);
  }
}
