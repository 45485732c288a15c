import { type Completion, COMPLETION } from './job-run.statements';

/**
 * What the queue keeps of a finished run, where the job layer can read it back: the completion a worker wrote
 * behind (BullMQ stores a job's return value in Redis when it moves the job to "completed", in the same script),
 * or the reason BullMQ gave when it failed a job for good. A run row still saying queued or running while the queue
 * holds one of these is repaired from it (at start-up recovery and when the run is read).
 */
export type QueueOutcome =
  { status: 'completed'; completion: Completion } | { status: 'failed'; error: string; finishedAt: Date; attempts: number };

/** The return value of a BullMQ job that ran a job run: the completion's fields that are set, dates as ISO strings. */
export interface QueuedCompletion {
  run: Partial<Record<keyof Completion, string | number | null>>;
}

const DATES = ['finishedAt', 'dataAsOf', 'startedAt'] as const satisfies readonly (keyof Completion)[];

export function toQueued(completion: Completion): QueuedCompletion {
  // Only what is set: Redis keeps it with every completed job, and a no-op's end is mostly nulls.
  const run: Record<string, string | number> = {};
  for (const key of COMPLETION) {
    const value = completion[key];
    if (value !== null && value !== undefined) run[key] = value instanceof Date ? value.toISOString() : value;
  }
  return { run: run as QueuedCompletion['run'] };
}

/** The completion a job's return value carries, or null when it carries none (schedule firings, older jobs). */
export function fromQueued(value: unknown): Completion | null {
  if (!value || typeof value !== 'object' || !('run' in value)) return null;
  const run = (value as QueuedCompletion).run;
  if (!run || typeof run !== 'object' || run.status !== 'completed') return null;
  const completion: Record<string, unknown> = {};
  for (const key of COMPLETION) {
    const value = run[key] ?? null;
    completion[key] = (DATES as readonly string[]).includes(key) && typeof value === 'string' ? new Date(value) : value;
  }
  return completion as unknown as Completion;
}
