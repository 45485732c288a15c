import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { ObligationsController } from './obligations.controller';
import { ObligationStartup } from './obligation-startup';
import { ObligationsService } from './obligations.service';

/** Reporting obligations as rows, and working days. */
@Module({
  imports: [ProjectsModule],
  controllers: [ObligationsController],
  providers: [ObligationsService, ObligationStartup],
  exports: [ObligationsService],
})
export class ObligationsModule {}
