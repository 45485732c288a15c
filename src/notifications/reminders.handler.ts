import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { isCalendarDate } from '../common/dates';
import { JobContext, JobHandler, JobOutcome, PermanentJobError } from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { NotificationsService } from './notifications.service';

/** The daily reminder job: notifications for reports due within 14 days or overdue. Sending e-mail is a later step. */
@Injectable()
export class RemindersJobHandler implements JobHandler<'reminders'>, OnModuleInit {
  readonly kind = 'reminders' as const;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run(context: JobContext<'reminders'>): Promise<JobOutcome> {
    const asOf = context.params.asOf ?? this.clock.today();
    if (!isCalendarDate(asOf)) throw new PermanentJobError('asOf must be a date written YYYY-MM-DD');
    const dataAsOf = this.clock.now();
    return { result: await this.notifications.remind(asOf), dataAsOf };
  }
}
