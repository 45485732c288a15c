import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { JobContext, JobHandler, JobOutcome, PermanentJobError } from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { JobRun } from '../jobs/job-run.entity';

/**
 * The daily retention job (RETENTION_CRON): deletes the files of export runs that finished more than
 * EXPORT_RETENTION_DAYS ago and marks those runs `expired`, so a download answers 410 instead of a missing file.
 * The row is marked before the file goes: a download never finds a `completed` run without its file.
 */
@Injectable()
export class RetentionJobHandler implements JobHandler<'retention'>, OnModuleInit {
  readonly kind = 'retention' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly registry: JobHandlerRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'retention'>): Promise<JobOutcome> {
    const days = context.params.olderThanDays ?? this.config.exportRetentionDays;
    if (!Number.isInteger(days) || days < 1) throw new PermanentJobError('olderThanDays must be a whole number of days ≥ 1');
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const runs = await this.dataSource.getRepository(JobRun).find({
      where: { kind: 'export', status: 'completed', finishedAt: LessThan(cutoff), artifactPath: Not(IsNull()) },
      select: { id: true },
    });
    const root = resolve(this.config.artifactsDir);
    for (const run of runs) {
      await this.transactions.run((manager) =>
        manager.getRepository(JobRun).update({ id: run.id, status: 'completed' }, { status: 'expired' }),
      );
      await rm(resolve(root, 'exports', run.id), { recursive: true, force: true });
    }
    return { result: { expired: runs.length, olderThanDays: days, cutoff: cutoff.toISOString() }, dataAsOf: now };
  }
}
