import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { JobsConfig } from '../config/app-config';
import { PermanentJobError } from './job-catalogue';
import type { JobDriver, QueuedRun, ScheduleHandler } from './job-driver';
import { SCHEDULE_JOB } from './job-driver';
import { fromQueued, type QueueOutcome, toQueued } from './job-outcome';
import type { JobExecutor } from './job-executor';
import { serviceUnavailable } from '../operations/operations.errors';

/** How long a request waits for Redis before it is answered 503 (the whole answer must come within 2 s). */
export const REDIS_WAIT_MS = 1000;
/** A queue call answered this recently stands for the check before an INSERT (a stopped Redis closes the connection at once). */
const ANSWERED_MS = 50;

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
  private readonly redisUrl: string;
  /** When Redis last answered the queue's connection (performance.now()). */
  private answeredAt = -Infinity;

  constructor(
    redisUrl: string,
    private readonly executor: JobExecutor,
    private readonly config: JobsConfig,
  ) {
    // The queue's connection fails fast: a command waits at most REDIS_WAIT_MS for Redis (commands of a request
    // must not hang while it is down). Workers get their own connection with maxRetriesPerRequest: null (blocking commands).
    this.redisUrl = redisUrl;
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: REDIS_WAIT_MS, lazyConnect: false });
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
    this.queue.on('error', (error) => this.logger.warn(`queue: ${error.message}`));
  }

  /**
   * Resolves once Redis answers, or throws 503 SERVICE.UNAVAILABLE after REDIS_WAIT_MS: checked before a run is
   * inserted. An answer to the queue's own calls within the last ANSWERED_MS on a connection still up counts as one.
   */
  async assertAvailable(): Promise<void> {
    if (this.connection.status === 'ready' && performance.now() - this.answeredAt < ANSWERED_MS) return;
    if (!(await this.ping())) throw serviceUnavailable('redis', 'The job queue (Redis) is not reachable; try again shortly.');
  }

  async dispatch(runs: readonly QueuedRun[]): Promise<void> {
    const jobs = runs.map((run) => ({
      name: run.kind,
      data: run.params === undefined ? { runId: run.id } : { runId: run.id, kind: run.kind, params: run.params },
      opts: { jobId: run.id },
    }));
    if (jobs.length === 1) await this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else if (jobs.length) await this.queue.addBulk(jobs);
    this.answeredAt = performance.now();
  }

  /** A job a worker has already taken is locked and stays (it runs, and writes nothing: its run has no row). */
  async withdraw(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.workerConnection = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', (error) => this.logger.warn(`Redis (worker): ${error.message}`));
    this.worker = new Worker(
      this.config.queueName,
      async (job) => {
        if (job.name === SCHEDULE_JOB) {
          if (!this.scheduleHandler) throw new Error('no schedule handler in this process');
          await this.scheduleHandler(String(job.data.schedule), new Date(job.timestamp));
          return;
        }
        const attempt = job.attemptsMade + 1;
        // Only a job's very first delivery may skip reading its row: a stalled one may have finished elsewhere.
        const first = typeof job.data.params === 'string' && job.attemptsStarted <= 1 && !job.stalledCounter;
        const delivered = first ? { kind: job.name, params: job.data.params as string } : undefined;
        try {
          // The completion is written behind and travels as the job's return value (see JobExecutor, outcomes()).
          const completion = await this.executor.execute(
            job.data.runId as string,
            attempt,
            attempt >= (job.opts.attempts ?? 1),
            delivered,
            {
              writeBehind: true,
            },
          );
          return completion ? toQueued(completion) : undefined;
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

  /**
   * What the queue knows of how these runs ended: completed (the completion the worker returned) or failed for good
   * (BullMQ's reason). Runs the queue holds no end for (waiting, active, delayed, removed) are left out. Answers
   * nothing, at once, while Redis is not connected, and nothing if it does not answer (within `waitMs`, else the
   * command timeout): the rows stand as they are.
   */
  async outcomes(ids: readonly string[], waitMs = REDIS_WAIT_MS): Promise<Map<string, QueueOutcome>> {
    const found = new Map<string, QueueOutcome>();
    if (!ids.length || this.connection.status !== 'ready') return found;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), waitMs)));
    const read = Promise.all(ids.map((id) => this.queue.getJob(id))).catch((error: unknown) => {
      this.logger.warn(`reading job outcomes: ${(error as Error).message}`);
      return [];
    });
    const jobs = await Promise.race([read, late]).finally(() => clearTimeout(timer));
    for (const job of jobs) {
      if (!job?.id || !job.finishedOn) continue;
      const completion = fromQueued(job.returnvalue);
      if (completion) found.set(job.id, { status: 'completed', completion });
      else if (job.failedReason) {
        found.set(job.id, { status: 'failed', error: job.failedReason, finishedAt: new Date(job.finishedOn), attempts: job.attemptsMade });
      }
    }
    return found;
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

  /** Whether Redis answers within REDIS_WAIT_MS; false at once while the connection is down (never hangs). */
  async ping(): Promise<boolean> {
    if (this.connection.status !== 'ready' && this.connection.status !== 'connect' && this.connection.status !== 'connecting') return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_WAIT_MS)));
    try {
      const up = await Promise.race([this.connection.ping().then((answer) => answer === 'PONG'), timeout]);
      if (up) this.answeredAt = performance.now();
      return up;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
