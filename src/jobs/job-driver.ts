import type { JobRun } from './job-run.entity';
import type { QueueOutcome } from './job-outcome';

export type QueuedRun = Pick<JobRun, 'id' | 'kind'> & { params?: string };

/** How a queued run reaches a worker: BullMQ on Redis, or in this process. */
export interface JobDriver {
  readonly name: 'bullmq' | 'in-process';
  /**
   * Hands runs (already stored) to the queue, several in one go where the queue allows. With `params`, the first
   * delivery carries kind and parameters so the worker need not read the row; without (recovered runs), it reads it.
   */
  dispatch(runs: readonly QueuedRun[]): Promise<void>;
  /**
   * How the queue says these runs ended, for runs whose row may not say so yet (completions are written behind on
   * BullMQ): completed or failed for good; runs without an end in the queue are left out. Never throws.
   */
  outcomes(ids: readonly string[], waitMs?: number): Promise<Map<string, QueueOutcome>>;
  /** Takes runs out of the queue again that have not started (their rows could not be stored). Never throws. */
  withdraw(ids: readonly string[]): Promise<void>;
  /** Throws 503 SERVICE.UNAVAILABLE (within 1 s) when the queue cannot take a run now: checked before a run is inserted. */
  assertAvailable(): Promise<void>;
  /** Starts processing in this process (worker, or API in in-process mode). */
  start(): Promise<void>;
  /** Stops taking jobs, lets the running ones finish, then returns. */
  close(): Promise<void>;
  /** For /health: null when there is nothing to check. */
  ping(): Promise<boolean | null>;
  /** Creates, replaces or (cron null) removes a repeating schedule that calls the schedule handler. */
  upsertSchedule(name: string, cron: string | null): Promise<void>;
  /** What a schedule does when it fires (set once by JobScheduleService). */
  onSchedule(handler: ScheduleHandler): void;
}

export type ScheduleHandler = (name: string, firedAt: Date) => Promise<void>;

/** BullMQ job name of schedule firings (they enqueue runs; they are not runs themselves). */
export const SCHEDULE_JOB = '__schedule';

export const JOB_DRIVER = Symbol('JOB_DRIVER');

/**
 * How long a read of open runs waits for the queue's word on how they ended before it answers with the rows as they
 * are: a run's page must not wait the queue's command timeout (a second) for a Redis that is up but does not answer.
 * Start-up recovery waits the full timeout: it acts on the answer.
 */
export const OUTCOME_WAIT_MS = 250;

/** Exponential backoff: base, 2×base, 4×base … */
export const backoffDelay = (baseMs: number, attempt: number) => baseMs * 2 ** (attempt - 1);
