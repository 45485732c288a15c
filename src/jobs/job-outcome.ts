import type { Completion } from './job-run.writer';

/**
 * What the queue keeps of a finished run, where the job layer can read it back: the completion a worker wrote
 * behind (BullMQ stores a job's return value in Redis when it moves the job to "completed", in the same script),
 * or the reason BullMQ gave when it failed a job for good. A run row still saying queued or running while the queue
 * holds one of these is repaired from it (at start-up recovery and when the run is read).
 */
export type QueueOutcome =
  { status: 'completed'; completion: Completion } | { status: 'failed'; error: string; finishedAt: Date; attempts: number };

/** The return value of a BullMQ job that ran a job run: the completion, dates as ISO strings. */
export interface QueuedCompletion {
  run: Record<keyof Completion, string | number | null>;
}

const DATES = ['finishedAt', 'dataAsOf', 'startedAt'] as const satisfies readonly (keyof Completion)[];

export function toQueued(completion: Completion): QueuedCompletion {
  const run = { ...completion } as Record<string, unknown>;
  for (const key of DATES) run[key] = completion[key] ? completion[key].toISOString() : null;
  return { run: run as QueuedCompletion['run'] };
}

/** The completion a job's return value carries, or null when it carries none (schedule firings, older jobs). */
export function fromQueued(value: unknown): Completion | null {
  if (!value || typeof value !== 'object' || !('run' in value)) return null;
  const run = (value as QueuedCompletion).run;
  if (!run || typeof run !== 'object' || run.status !== 'completed') return null;
  const completion = { ...run } as Record<string, unknown>;
  for (const key of DATES) completion[key] = typeof run[key] === 'string' ? new Date(run[key]) : null;
  return completion as unknown as Completion;
}
