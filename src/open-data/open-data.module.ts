import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module';
import { ProgrammeModule } from '../programme/programme.module';
import { OpenDataController } from './open-data.controller';
import { OpenDataJobHandler } from './open-data.handler';
import { OpenDataService } from './open-data.service';
import { OpenDataSource } from './open-data.source';

/** Open data: 360Giving, DCAT-AP.de catalogue and public CSVs, rebuilt by the nightly 'opendata' job. */
@Module({
  imports: [FundingModule, ProgrammeModule],
  controllers: [OpenDataController],
  providers: [OpenDataService, OpenDataSource, OpenDataJobHandler],
})
export class OpenDataModule {}
