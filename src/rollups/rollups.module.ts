import { Module } from '@nestjs/common';
import { RollupJobHandler } from './rollup.handler';
import { RollupCalculator } from './rollup-calculator';
import { RollupsController } from './rollups.controller';
import { RollupsService } from './rollups.service';

/** Funding and progress roll-ups: requested over HTTP, computed as `rollup` jobs, kept as snapshots. */
@Module({
  controllers: [RollupsController],
  providers: [RollupCalculator, RollupsService, RollupJobHandler],
  exports: [RollupsService],
})
export class RollupsModule {}
