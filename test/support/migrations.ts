import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { MIGRATIONS } from '../../src/database/migrations';
import { applySeed } from '../../src/seeds/apply-seed';
import { readSeedData } from '../../src/seeds/programme-seed';
import type { TestDatabase } from './test-app';

/**
 * The database of a migration test in the schema before the named migration: built by the migrations before it and
 * filled with the real portfolio. The caller adds its rows in that schema, destroys the data source and starts the app,
 * which migrates it.
 */
export async function databaseBefore(db: TestDatabase, migration: string): Promise<DataSource> {
  const before = MIGRATIONS.findIndex((M) => M.name.startsWith(migration));
  if (before < 0) throw new Error(`no migration ${migration}`);
  const options = buildDataSourceOptions(db.config);
  const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, before) } as typeof options);
  await old.initialize();
  await old.runMigrations({ transaction: 'each' });
  await old.transaction((manager) => applySeed(manager, readSeedData()));
  return old;
}
