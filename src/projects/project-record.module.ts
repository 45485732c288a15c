import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations/obligations.module';
import { ProjectRecordController } from './project-record.controller';
import { ProjectStatusService } from './project-status.service';
import { ProjectsModule } from './projects.module';

/** Officer decisions on a project: status with dates, grant confirmation. */
@Module({
  imports: [ProjectsModule, ObligationsModule],
  controllers: [ProjectRecordController],
  providers: [ProjectStatusService],
})
export class ProjectRecordModule {}
