import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobHandler, JobOutcome, JobContext } from './job-catalogue';
import { JobHandlerRegistry } from './job-handler.registry';

/** A job that does nothing: the queue's own cost, for benchmarks and smoke checks. */
@Injectable()
export class NoopJobHandler implements JobHandler<'noop'>, OnModuleInit {
  readonly kind = 'noop' as const;

  constructor(private readonly registry: JobHandlerRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'noop'>): Promise<JobOutcome> {
    const sleepMs = context.params.sleepMs;
    // The sleep must never keep a stopping process alive.
    if (sleepMs) await new Promise((resolve) => setTimeout(resolve, Math.min(sleepMs, 60_000)).unref());
    return { result: { ok: true, pid: process.pid } };
  }
}
