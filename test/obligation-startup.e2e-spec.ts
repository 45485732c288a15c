import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import type { AppConfig } from '../src/config/app-config';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { applySeed } from '../src/seeds/apply-seed';
import { readSeedData } from '../src/seeds/programme-seed';
import type { TestDatabase } from './support/test-app';
import { createTestDatabase, testConfig } from './support/test-app';

/**
 * The start-up pass over every project's reporting obligations runs only when what they depend on beyond a project's
 * own data changed (cadence, due months, working-day rule, holiday data, programme end): a fingerprint in
 * `app_setting`, added by a migration, from a database of the previous schema with data in it.
 */
const APP_SETTINGS = MIGRATIONS.findIndex((M) => M.name.startsWith('AppSettings'));

describe('obligations at start-up, from the schema before app_setting', () => {
  let db: TestDatabase;
  let kassel: number;

  const started = async <T>(overrides: Partial<AppConfig>, look: (dataSource: DataSource) => Promise<T>): Promise<T> => {
    const app = await createApp(testConfig(db.config, overrides));
    try {
      return await look(app.get(DataSource));
    } finally {
      await app.close();
    }
  };
  const obligations = (dataSource: DataSource): Promise<{ id: unknown; period: string; due_date: unknown }[]> =>
    dataSource.query(`SELECT id, period, due_date FROM reporting_obligation WHERE project_id = ${kassel} ORDER BY id`);
  const fingerprint = async (dataSource: DataSource) =>
    ((await dataSource.query(`SELECT value FROM app_setting WHERE key = 'obligations.calendar'`)) as { value: string }[]).map((r) =>
      JSON.parse(r.value),
    );
  const dates = (rows: { due_date: unknown }[]) =>
    rows.map((r) => String(r.due_date instanceof Date ? r.due_date.toISOString() : r.due_date).slice(0, 10));

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = buildDataSourceOptions(db.config);
    const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, APP_SETTINGS) } as typeof options);
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.transaction((manager) => applySeed(manager, readSeedData()));
    kassel = Number((await old.query(`SELECT id FROM project WHERE slug = 'kassel'`))[0].id);
    // A commitment recorded behind the service's back: only the start-up pass gives Kassel its obligations.
    await old.query(
      `INSERT INTO commitment (project_id, amount_cents, date, phase, budget_year, note, kind) VALUES (${kassel}, 1000000, '2025-02-01', 'B', 2025, NULL, 'commitment')`,
    );
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('migrates, syncs every project on the first start and remembers the calendar it synced for', async () => {
    await started({}, async (dataSource) => {
      const rows = await obligations(dataSource);
      expect(rows.map((r) => r.period).slice(0, 2)).toEqual(['2025-H1', '2025-H2']);
      expect(dates(rows).slice(0, 2)).toEqual(['2025-07-31', '2026-02-02']); // 31 January 2026 is a Saturday
      expect(await fingerprint(dataSource)).toEqual([
        expect.objectContaining({
          cadence: 'half_yearly',
          dueMonthsAfterPeriod: 1,
          workingDays: true,
          holidays: expect.stringMatching(/^date-holidays@/),
        }),
      ]);
      // Tampered with by hand, so a pass that runs would show: it would put the date back.
      await dataSource.query(`UPDATE reporting_obligation SET due_date = '2000-01-03' WHERE id = ${Number(rows[0].id)}`);
    });
  });

  it('skips the pass on a second start with the same settings: no obligation rewritten', async () => {
    await started({}, async (dataSource) => {
      const rows = await obligations(dataSource);
      expect(dates(rows).slice(0, 2)).toEqual(['2000-01-03', '2026-02-02']);
    });
  });

  it('resyncs every project when the cadence changed, and remembers the new one', async () => {
    await started({ reporting: { cadence: 'quarterly', dueMonthsAfterPeriod: 1 } }, async (dataSource) => {
      const rows = await obligations(dataSource);
      expect(rows.filter((r) => r.period.startsWith('2025-')).map((r) => r.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
      expect(dates(rows).includes('2000-01-03')).toBe(false);
      expect(await fingerprint(dataSource)).toEqual([expect.objectContaining({ cadence: 'quarterly' })]);
    });
  });
});
