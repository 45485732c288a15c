import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { MIGRATIONS } from '../../src/database/migrations';
import { applySeed } from '../../src/seeds/apply-seed';
import { readSeedData } from '../../src/seeds/programme-seed';
import type { TestDatabase } from './test-app';

/**
 * For a migration spec: the database in the schema before the migration named `migration` (built by the migrations
 * before it) with the real portfolio seeded, open for the spec to add its rows; `id` reads the id the first row of a
 * statement names. The spec destroys it before the app migrates the database.
 */
export async function seededBefore(
  db: TestDatabase,
  migration: string,
): Promise<{ old: DataSource; id: (text: string) => Promise<number> }> {
  const before = MIGRATIONS.findIndex((M) => M.name.startsWith(migration));
  if (before < 0) throw new Error(`no migration ${migration}`);
  const options = buildDataSourceOptions(db.config);
  const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, before) } as typeof options);
  await old.initialize();
  await old.runMigrations({ transaction: 'each' });
  await old.transaction((manager) => applySeed(manager, readSeedData()));
  return { old, id: async (text) => Number((await old.query(text))[0].id) };
}
