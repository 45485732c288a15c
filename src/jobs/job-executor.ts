import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobKind, type JobOutcome, PermanentJobError } from './job-catalogue';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobRun } from './job-run.entity';
import { type Completion, JobRunWriter } from './job-run.writer';

const PROGRESS_INTERVAL_MS = 250;
/** Completions written behind at most this many at a time: beyond, a worker waits for its own write (memory stays bounded). */
const WRITE_BEHIND_LIMIT = 2000;
/** A completion written behind whose flush failed (database away) is tried again this many times, 1 s, 2 s, 4 s … apart. */
const WRITE_BEHIND_RETRIES = 6;

/** What the queue delivered with a run on its first delivery: enough to start it without reading the row. */
export interface DeliveredRun {
  kind: string;
  params: string;
}

/**
 * Runs one attempt of one job run, whichever driver delivered it, and keeps
 * the run row true: running → completed, or back to queued for a retry, or
 * failed for good. Delivery is at-least-once, so a completed run is never
 * executed again and handlers recompute rather than increment.
 *
 * The first delivery of a freshly enqueued run carries its kind and parameters (`delivered`): it cannot have
 * finished before, so it starts at once and its "running" write goes out with the next flush of the writer
 * (unawaited; the writer keeps each run's writes in order). Retries, redeliveries of stalled jobs and recovered
 * runs read the row first, as before.
 *
 * The end of a run: a failure is always stored before the queue hears of it. A completion is either stored before
 * `execute` returns (in-process driver: there is no queue to keep it), or, with `writeBehind` (BullMQ), handed to the
 * writer without waiting and returned, so the worker slot is free at once and the queue keeps the completion as the
 * job's return value: a completion that reaches Redis but not the database (a crash, the database away) is repaired
 * from the queue (JobsService: start-up recovery, and whenever the run is read).
 */
@Injectable()
export class JobExecutor {
  private readonly logger = new Logger('Jobs');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: JobRunWriter,
    private readonly registry: JobHandlerRegistry,
    private readonly clock: Clock,
  ) {}

  async execute(
    runId: string,
    attempt: number,
    finalAttempt: boolean,
    delivered?: DeliveredRun,
    options: { writeBehind?: boolean } = {},
  ): Promise<Completion | null> {
    let run: DeliveredRun;
    const startedAt = this.clock.now();
    if (delivered && attempt === 1) {
      run = delivered;
      this.writer.start(runId, attempt, startedAt, { behind: true }).catch(() => undefined /* logged by the writer; the end write tells */);
    } else {
      const row = await this.dataSource.getRepository(JobRun).findOneBy({ id: runId });
      if (!row) throw new PermanentJobError(`job run ${runId} does not exist`);
      if (row.status === 'completed' || (row.status === 'failed' && row.finishedAt)) return null;
      run = row;
      await this.writer.start(runId, attempt, startedAt);
    }

    let lastWrite = 0;
    const progress = async (percent: number) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_INTERVAL_MS && percent < 100) return;
      lastWrite = now;
      await this.writer.update(runId, { progress: Math.max(0, Math.min(99, Math.round(percent))) });
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
      const completion = this.completionOf(outcome, startedAt, attempt);
      if (options.writeBehind && this.writer.pending < WRITE_BEHIND_LIMIT) this.writeBehind(runId, completion, 0);
      else await this.writer.complete(runId, completion);
      return completion;
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      const message = error instanceof Error ? error.message : String(error);
      if (permanent || finalAttempt) {
        this.logger.warn(`Job ${run.kind} ${runId} failed for good after attempt ${attempt}: ${message}`);
        await this.writer.update(runId, { status: 'failed', finishedAt: this.clock.now(), error: message.slice(0, 4000) });
      } else {
        this.logger.warn(`Job ${run.kind} ${runId} attempt ${attempt} failed, will retry: ${message}`);
        await this.writer.update(runId, { status: 'queued', error: `attempt ${attempt} failed: ${message}`.slice(0, 4000) });
      }
      throw error;
    }
  }

  private completionOf(outcome: JobOutcome, startedAt: Date, attempt: number): Completion {
    return {
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
      startedAt,
      attempts: attempt,
    };
  }

  private writeBehind(runId: string, completion: Completion, retry: number): void {
    this.writer.complete(runId, completion, { behind: true }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (retry >= WRITE_BEHIND_RETRIES) {
        this.logger.warn(`Completion of job run ${runId} not stored (${message}); the queue keeps it until the run is read or recovered.`);
        return;
      }
      setTimeout(() => this.writeBehind(runId, completion, retry + 1), 1000 * 2 ** retry).unref();
    });
  }
}
