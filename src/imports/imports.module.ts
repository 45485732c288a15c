import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module';
import { BulkDisbursements } from './bulk-disbursements';
import { ImportApplier } from './import-apply';
import { ImportJobHandler } from './import.handler';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/** Bulk import of commitments, disbursements, reversals and repayments: dry run over HTTP, commit as an 'import' job. */
@Module({
  imports: [FundingModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportApplier, BulkDisbursements, ImportJobHandler],
})
export class ImportsModule {}
