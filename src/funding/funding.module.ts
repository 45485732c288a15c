import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations/obligations.module';
import { ProjectsModule } from '../projects/projects.module';
import { FundingGuard } from './funding-guard';
import { FundingController } from './funding.controller';
import { FundingService } from './funding.service';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

/** Commitments, disbursements, their reversals and repayments. FundingService.totals() is for roll-ups and reports. */
@Module({
  imports: [ProjectsModule, ObligationsModule],
  controllers: [FundingController, LedgerController],
  providers: [FundingService, FundingGuard, LedgerService],
  exports: [FundingService, FundingGuard, LedgerService],
})
export class FundingModule {}
