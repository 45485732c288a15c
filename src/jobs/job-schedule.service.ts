import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JOB_DRIVER, type JobDriver } from './job-driver';
import { JobsService } from './jobs.service';

export const NIGHTLY_ROLLUPS = 'nightly-rollups';
export const DAILY_REMINDERS = 'daily-reminders';
export const DAILY_RETENTION = 'daily-retention';

/**
 * The repeating jobs: nightly funding, progress and strategy roll-ups and the open-data files (ROLLUP_CRON) and
 * daily report reminders (REMINDER_CRON); "off" removes a schedule. A firing
 * enqueues ordinary runs with an idempotency key made of the schedule and the
 * minute it fired, so a firing delivered twice still makes each run once.
 */
@Injectable()
export class JobScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Schedules');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    private readonly jobs: JobsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.driver.onSchedule(async (name, firedAt) => {
      await this.fire(name, firedAt);
    });
    if (this.config.role !== 'api') return;
    await this.driver.upsertSchedule(NIGHTLY_ROLLUPS, this.config.jobs.rollupCron);
    await this.driver.upsertSchedule(DAILY_REMINDERS, this.config.jobs.reminderCron);
    await this.driver.upsertSchedule(DAILY_RETENTION, this.config.jobs.retentionCron);
  }

  async fire(name: string, firedAt: Date): Promise<string[]> {
    const minute = firedAt
      .toISOString()
      .slice(0, 16)
      .replace(/[^0-9]/g, '');
    const key = (suffix: string) => `${name}-${suffix}-${minute}`;
    const runs: string[] = [];
    if (name === NIGHTLY_ROLLUPS) {
      for (const kind of ['funding', 'progress', 'strategy'] as const) {
        const { run } = await this.jobs.enqueue(SYSTEM_ACTOR, 'rollup', { kind }, { idempotencyKey: key(kind) });
        runs.push(run.id);
      }
      const { run } = await this.jobs.enqueue(SYSTEM_ACTOR, 'opendata', {}, { idempotencyKey: key('opendata') });
      runs.push(run.id);
    } else if (name === DAILY_REMINDERS) {
      const { run } = await this.jobs.enqueue(
        SYSTEM_ACTOR,
        'reminders',
        { asOf: firedAt.toISOString().slice(0, 10) },
        { idempotencyKey: key('reminders') },
      );
      runs.push(run.id);
    } else if (name === DAILY_RETENTION) {
      const { run } = await this.jobs.enqueue(SYSTEM_ACTOR, 'retention', {}, { idempotencyKey: key('retention') });
      runs.push(run.id);
    } else {
      this.logger.warn(`Unknown schedule "${name}" fired; ignored.`);
    }
    return runs;
  }
}
