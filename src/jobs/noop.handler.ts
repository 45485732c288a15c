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
    if (context.params.sleepMs) await new Promise((resolve) => setTimeout(resolve, Math.min(context.params.sleepMs as number, 60_000)));
    return { result: { ok: true } };
  }
}
