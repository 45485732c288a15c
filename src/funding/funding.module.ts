import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { FundingController } from './funding.controller';
import { FundingService } from './funding.service';

/** Commitments and disbursements. FundingService.totals() is for roll-ups and reports. */
@Module({
  imports: [ProjectsModule],
  controllers: [FundingController],
  providers: [FundingService],
  exports: [FundingService],
})
export class FundingModule {}
