import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations/obligations.module';
import { ReportsModule } from '../reports/reports.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { RemindersJobHandler } from './reminders.handler';

@Module({
  imports: [ReportsModule, ObligationsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, RemindersJobHandler],
  exports: [NotificationsService],
})
export class NotificationsModule {}
