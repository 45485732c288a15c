import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler, JobOutcome, PermanentJobError, ROLLUP_KINDS } from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { RollupCalculator } from './rollup-calculator';
import { contentHash, DEFAULT_GROUP, GROUPINGS } from './rollup-content';
import { RollupsService } from './rollups.service';

/**
 * The `rollup` job: recompute from the source rows, store the snapshot (a
 * retry replaces its own), answer with a summary. It never increments
 * anything, so running it twice is harmless.
 */
@Injectable()
export class RollupJobHandler implements JobHandler<'rollup'>, OnModuleInit {
  readonly kind = 'rollup' as const;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly calculator: RollupCalculator,
    private readonly rollups: RollupsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'rollup'>): Promise<JobOutcome> {
    const { kind } = context.params;
    const groupBy = context.params.groupBy ?? DEFAULT_GROUP;
    if (!ROLLUP_KINDS.includes(kind)) throw new PermanentJobError(`unknown roll-up kind "${String(kind)}"`);
    if (!GROUPINGS[kind].includes(groupBy)) throw new PermanentJobError(`a ${kind} roll-up cannot group by "${String(groupBy)}"`);

    await context.progress(5);
    const content = await this.calculator.compute(kind);
    await context.progress(80);
    const hash = contentHash(content);
    const snapshot = await this.rollups.save(context.runId, content, hash);
    return { result: RollupsService.result(snapshot, content, groupBy), contentHash: hash, dataAsOf: snapshot.dataAsOf };
  }
}
