import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { COALESCE_PREFIX, JobKind, PermanentJobError } from './job-catalogue';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobRun } from './job-run.entity';

const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs one attempt of one job run, whichever driver delivered it, and keeps
 * the run row true: running → completed, or back to queued for a retry, or
 * failed for good. Delivery is at-least-once, so a completed run is never
 * executed again and handlers recompute rather than increment.
 */
@Injectable()
export class JobExecutor {
  private readonly logger = new Logger('Jobs');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly registry: JobHandlerRegistry,
    private readonly clock: Clock,
  ) {}

  private update(runId: string, changes: Partial<JobRun>): Promise<unknown> {
    return this.transactions.run((manager) => manager.getRepository(JobRun).update({ id: runId }, changes));
  }

  async execute(runId: string, attempt: number, finalAttempt: boolean): Promise<void> {
    const run = await this.dataSource.getRepository(JobRun).findOneBy({ id: runId });
    if (!run) throw new PermanentJobError(`job run ${runId} does not exist`);
    if (run.status === 'completed' || (run.status === 'failed' && run.finishedAt)) return;

    await this.update(runId, {
      status: 'running',
      startedAt: this.clock.now(),
      attempts: attempt,
      progress: 0,
      // A coalescing key only merges requests while the run waits; once it runs, new requests get a new run.
      ...(run.dedupeKey?.startsWith(COALESCE_PREFIX) ? { dedupeKey: null } : {}),
    });

    let lastWrite = 0;
    const progress = async (percent: number) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_INTERVAL_MS && percent < 100) return;
      lastWrite = now;
      await this.update(runId, { progress: Math.max(0, Math.min(99, Math.round(percent))) });
    };

    try {
      const handler = this.registry.get(run.kind as JobKind);
      let params: unknown;
      try {
        params = JSON.parse(run.params);
      } catch {
        throw new PermanentJobError('the run parameters are not valid JSON');
      }
      const outcome = await handler.run({ runId, params: params as never, attempt, progress });
      await this.update(runId, {
        status: 'completed',
        progress: 100,
        finishedAt: this.clock.now(),
        error: null,
        result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        contentHash: outcome.contentHash ?? null,
        dataAsOf: outcome.dataAsOf ?? null,
        artifactPath: outcome.artifact?.path ?? null,
        artifactName: outcome.artifact?.name ?? null,
        artifactType: outcome.artifact?.contentType ?? null,
        artifactBytes: outcome.artifact?.bytes ?? null,
      });
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      const message = error instanceof Error ? error.message : String(error);
      if (permanent || finalAttempt) {
        this.logger.warn(`Job ${run.kind} ${runId} failed for good after attempt ${attempt}: ${message}`);
        await this.update(runId, { status: 'failed', finishedAt: this.clock.now(), error: message.slice(0, 4000) });
      } else {
        this.logger.warn(`Job ${run.kind} ${runId} attempt ${attempt} failed, will retry: ${message}`);
        await this.update(runId, { status: 'queued', error: `attempt ${attempt} failed: ${message}`.slice(0, 4000) });
      }
      throw error;
    }
  }
}
