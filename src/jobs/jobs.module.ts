import { Global, Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { BullMqJobDriver } from './bullmq.driver';
import { JOB_DRIVER } from './job-driver';
import { JobExecutor } from './job-executor';
import { JobRunWriter } from './job-run.writer';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobScheduleService } from './job-schedule.service';
import { InProcessJobDriver } from './in-process.driver';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { NoopJobHandler } from './noop.handler';

/** One job layer: BullMQ when REDIS_URL is set, in-process otherwise; the same handlers either way. */
@Global()
@Module({
  imports: [ProjectsModule],
  controllers: [JobsController],
  providers: [
    JobHandlerRegistry,
    JobRunWriter,
    JobExecutor,
    {
      provide: JOB_DRIVER,
      inject: [APP_CONFIG, JobExecutor],
      useFactory: (config: AppConfig, executor: JobExecutor) =>
        config.redisUrl ? new BullMqJobDriver(config.redisUrl, executor, config.jobs) : new InProcessJobDriver(executor, config.jobs),
    },
    JobsService,
    JobScheduleService,
    NoopJobHandler,
  ],
  exports: [JobsService, JobHandlerRegistry, JobScheduleService, JOB_DRIVER],
})
export class JobsModule {}
