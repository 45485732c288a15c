import type { EntityManager } from 'typeorm';
import { isoDate } from '../common/dates';
import type { AppConfig } from '../config/app-config';
import { AppSetting } from '../database/app-setting.entity';

/**
 * What the reporting obligations of every project depend on beyond the project's own data (which syncs on change):
 * the calendar settings, the working-day rule, the holiday data and the programmes' end dates. Stored in
 * `app_setting` after a complete start-up sync; a start with the same fingerprint skips the pass.
 */
export const CALENDAR_SETTING = 'obligations.calendar';

/** Raise when planObligations() changes what it plans for the same inputs: the next start resyncs everything. */
const PLAN_VERSION = 1;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the holiday data's version; the package exports it
const HOLIDAY_DATA: string = (require('date-holidays/package.json') as { version: string }).version;

export async function calendarFingerprint(manager: EntityManager, config: Pick<AppConfig, 'reporting' | 'deadlines'>): Promise<string> {
  const programmes: { id: unknown; ends_on: unknown }[] = await manager.query('SELECT id, ends_on FROM programme ORDER BY id');
  return JSON.stringify({
    plan: PLAN_VERSION,
    cadence: config.reporting.cadence,
    dueMonthsAfterPeriod: config.reporting.dueMonthsAfterPeriod,
    workingDays: config.deadlines.workingDays,
    holidays: `date-holidays@${HOLIDAY_DATA}`,
    programmesEnd: programmes.map((p) => [Number(p.id), isoDate(p.ends_on)]),
  });
}

export async function storedFingerprint(manager: EntityManager): Promise<string | null> {
  return (await manager.getRepository(AppSetting).findOneBy({ key: CALENDAR_SETTING }))?.value ?? null;
}

export async function storeFingerprint(manager: EntityManager, value: string): Promise<void> {
  await manager.getRepository(AppSetting).upsert({ key: CALENDAR_SETTING, value, updatedAt: new Date() }, ['key']);
}
