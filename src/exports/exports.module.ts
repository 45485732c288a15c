import { ProjectsModule } from '../projects/projects.module';
import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module';
import { RetentionJobHandler } from '../operations/retention.handler';
import { ProgrammeModule } from '../programme/programme.module';
import { ExportJobHandler } from './export.handler';
import { ExportSource } from './export-source';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Funding-summary exports: requested over HTTP, written by the 'export' job handler (API process or worker). */
@Module({
  imports: [FundingModule, ProgrammeModule, ProjectsModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportSource, ExportJobHandler, RetentionJobHandler],
})
export class ExportsModule {}
