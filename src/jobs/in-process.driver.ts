import { Logger } from '@nestjs/common';
import { CronJob } from 'cron';
import type { JobsConfig } from '../config/app-config';
import { PermanentJobError } from './job-catalogue';
import type { JobDriver, QueuedRun, ScheduleHandler } from './job-driver';
import { backoffDelay } from './job-driver';
import type { DeliveredRun, JobExecutor } from './job-executor';
import type { QueueOutcome } from './job-outcome';

interface Pending {
  runId: string;
  attempt: number;
  delivered?: DeliveredRun;
}

/**
 * The embedded default: without REDIS_URL the same handlers run in the API
 * process, with the same retries and backoff, so `npm start` alone does
 * everything. Runs left queued or running by a stopped process are picked up
 * again at start (see JobsService.recover).
 */
export class InProcessJobDriver implements JobDriver {
  readonly name = 'in-process' as const;
  private readonly logger = new Logger('InProcessJobs');
  private readonly pending: Pending[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closing = false;
  private idle: (() => void)[] = [];
  private readonly schedules = new Map<string, CronJob>();
  private scheduleHandler: ScheduleHandler | null = null;

  constructor(
    private readonly executor: JobExecutor,
    private readonly config: JobsConfig,
  ) {}

  async assertAvailable(): Promise<void> {
    // Nothing outside this process to wait for.
  }

  async dispatch(runs: readonly QueuedRun[]): Promise<void> {
    for (const run of runs) {
      const delivered = run.params === undefined ? undefined : { kind: run.kind, params: run.params };
      this.pending.push({ runId: run.id, attempt: 1, delivered });
    }
    setImmediate(() => this.pump());
  }

  /** Nothing outside the database keeps an outcome here: each run's end is stored before its slot is freed. */
  async outcomes(): Promise<Map<string, QueueOutcome>> {
    return new Map();
  }

  /** Not used: here a run is handed to the driver only once its row is stored. */
  async withdraw(ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    for (let i = this.pending.length - 1; i >= 0; i--) if (gone.has(this.pending[i].runId)) this.pending.splice(i, 1);
  }

  async start(): Promise<void> {
    this.pump();
  }

  private pump(): void {
    while (!this.closing && this.running < this.config.concurrency && this.pending.length) {
      const item = this.pending.shift() as Pending;
      this.running++;
      this.executor
        .execute(item.runId, item.attempt, item.attempt >= this.config.attempts, item.delivered)
        .catch((error: unknown) => {
          if (error instanceof PermanentJobError || item.attempt >= this.config.attempts || this.closing) return;
          const timer = setTimeout(
            () => {
              this.timers.delete(timer);
              this.pending.push({ runId: item.runId, attempt: item.attempt + 1 });
              this.pump();
            },
            backoffDelay(this.config.backoffMs, item.attempt),
          );
          this.timers.add(timer);
        })
        .catch((error: unknown) => this.logger.error(error))
        .finally(() => {
          this.running--;
          if (this.running === 0) this.idle.splice(0).forEach((resolve) => resolve());
          this.pump();
        });
    }
  }

  onSchedule(handler: ScheduleHandler): void {
    this.scheduleHandler = handler;
  }

  /** Schedules live in this process (cron, UTC); firings are idempotent, so a restart that re-fires is harmless. */
  async upsertSchedule(name: string, cron: string | null): Promise<void> {
    this.schedules.get(name)?.stop();
    this.schedules.delete(name);
    if (!cron) return;
    const job = CronJob.from({
      cronTime: cron,
      timeZone: 'UTC',
      start: true,
      onTick: () => {
        this.scheduleHandler?.(name, new Date()).catch((error: unknown) => this.logger.error(`schedule ${name}: ${String(error)}`));
      },
    });
    this.schedules.set(name, job);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.schedules.forEach((job) => job.stop());
    this.schedules.clear();
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    // Queued runs stay `queued` in the database and are recovered at the next start.
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async ping(): Promise<null> {
    return null;
  }
}
