import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_KINDS, JobHandler, JobKind } from './job-catalogue';

/** Handlers register here from their modules' onModuleInit; the start-up check refuses a kind without one. */
@Injectable()
export class JobHandlerRegistry implements OnApplicationBootstrap {
  private readonly handlers = new Map<JobKind, JobHandler>();

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`Job kind "${handler.kind}" has two handlers.`);
    this.handlers.set(handler.kind, handler);
  }

  get<K extends JobKind>(kind: K): JobHandler<K> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`No handler for job kind "${kind}".`);
    return handler as unknown as JobHandler<K>;
  }

  onApplicationBootstrap(): void {
    const missing = JOB_KINDS.filter((kind) => !this.handlers.has(kind));
    if (missing.length) throw new Error(`Job kinds without a handler: ${missing.join(', ')}.`);
  }
}
