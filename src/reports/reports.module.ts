import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations/obligations.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportOverdueService } from './report-overdue.service';
import { ReportWorkflowService } from './report-workflow.service';
import { ReportingCalendarController } from './reporting-calendar.controller';
import { ReportingCalendarService } from './reporting-calendar.service';
import { ReportStore } from './report.store';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [ProjectsModule, ObligationsModule],
  controllers: [ReportsController, ReportingCalendarController],
  providers: [ReportStore, ReportsService, ReportWorkflowService, ReportOverdueService, ReportingCalendarService],
  exports: [ReportsService, ReportWorkflowService, ReportOverdueService],
})
export class ReportsModule {}
