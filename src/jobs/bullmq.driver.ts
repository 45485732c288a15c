import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { JobsConfig } from '../config/app-config';
import { PermanentJobError } from './job-catalogue';
import type { JobDriver, ScheduleHandler } from './job-driver';
import { SCHEDULE_JOB } from './job-driver';
import type { JobExecutor } from './job-executor';
import type { JobRun } from './job-run.entity';

/**
 * Jobs through BullMQ on Redis: the API enqueues, `npm run worker` processes
 * (as many workers on as many machines as needed). The BullMQ job id is the
 * run id, so a run is in the queue at most once. Stalled jobs (a worker that
 * died) are handed to another worker by BullMQ; closing a worker lets its
 * active jobs finish first.
 */
export class BullMqJobDriver implements JobDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger('BullMQ');
  readonly connection: IORedis;
  readonly queue: Queue;
  private worker: Worker | null = null;
  private workerConnection: IORedis | null = null;
  private scheduleHandler: ScheduleHandler | null = null;

  constructor(
    redisUrl: string,
    private readonly executor: JobExecutor,
    private readonly config: JobsConfig,
  ) {
    // Workers need maxRetriesPerRequest: null (blocking commands); the API fails fast instead of hanging.
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(config.queueName, {
      connection: this.connection,
      defaultJobOptions: {
        attempts: config.attempts,
        backoff: { type: 'exponential', delay: config.backoffMs },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    });
  }

  async dispatch(run: Pick<JobRun, 'id' | 'kind'>): Promise<void> {
    await this.queue.add(run.kind, { runId: run.id }, { jobId: run.id });
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.workerConnection = this.connection.duplicate();
    this.worker = new Worker(
      this.config.queueName,
      async (job) => {
        if (job.name === SCHEDULE_JOB) {
          if (!this.scheduleHandler) throw new Error('no schedule handler in this process');
          await this.scheduleHandler(String(job.data.schedule), new Date(job.timestamp));
          return;
        }
        const attempt = job.attemptsMade + 1;
        try {
          await this.executor.execute(job.data.runId as string, attempt, attempt >= (job.opts.attempts ?? 1));
        } catch (error) {
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      {
        connection: this.workerConnection,
        // Shown as processedBy on each job (and in the dashboard): which machine and process ran it.
        name: `${hostname()}-${process.pid}`,
        concurrency: this.config.concurrency,
        lockDuration: this.config.lockMs,
        stalledInterval: this.config.stalledCheckMs,
        maxStalledCount: 2,
      },
    );
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    await this.worker.waitUntilReady();
    this.logger.log(`Worker on queue "${this.config.queueName}" (concurrency ${this.config.concurrency}).`);
  }

  onSchedule(handler: ScheduleHandler): void {
    this.scheduleHandler = handler;
  }

  /**
   * A BullMQ job scheduler: stored in Redis, so however many API processes
   * declare it, it fires once per tick, on one worker.
   */
  async upsertSchedule(name: string, cron: string | null): Promise<void> {
    if (!cron) {
      await this.queue.removeJobScheduler(name);
      return;
    }
    await this.queue.upsertJobScheduler(name, { pattern: cron, tz: 'UTC' }, { name: SCHEDULE_JOB, data: { schedule: name } });
  }

  async close(): Promise<void> {
    if (this.worker) {
      await this.worker.close();
      this.worker = null;
      await this.workerConnection?.quit().catch(() => this.workerConnection?.disconnect());
    }
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}
