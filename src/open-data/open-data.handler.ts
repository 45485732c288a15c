import { Injectable, OnModuleInit } from '@nestjs/common';
import type { JobContext, JobHandler, JobOutcome } from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { OpenDataService } from './open-data.service';

/** The nightly 'opendata' run: rebuilds the published files; its result lists each with its hash and date. */
@Injectable()
export class OpenDataJobHandler implements JobHandler<'opendata'>, OnModuleInit {
  readonly kind = 'opendata' as const;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly openData: OpenDataService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'opendata'>): Promise<JobOutcome> {
    const manifest = await this.openData.regenerate();
    await context.progress(100);
    return { result: { files: manifest } };
  }
}
