import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { MIGRATIONS } from '../../src/database/migrations';
import { applySeed } from '../../src/seeds/apply-seed';
import { readSeedData } from '../../src/seeds/programme-seed';
import { createTestDatabase, type TestDatabase } from './test-app';

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

/**
 * For a migration that replaces what an earlier one made: what `read` says of a fresh database migrated up to the
 * migration named `migration` (before), through it (after), and with it undone (undone).
 */
export async function aroundMigration<T>(
  migration: string,
  read: (dataSource: DataSource) => Promise<T>,
): Promise<{ before: T; after: T; undone: T }> {
  const index = MIGRATIONS.findIndex((M) => M.name.replace(/\d+$/, '') === migration);
  if (index < 0) throw new Error(`no migration ${migration}`);
  const db = await createTestDatabase();
  const options = buildDataSourceOptions(db.config);
  /** Runs the migrations before `end`, then `read`s the database with `then`. */
  const migrated = async <R>(end: number, then: (dataSource: DataSource) => Promise<R>) => {
    const dataSource = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, end) } as typeof options);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return await then(dataSource);
    } finally {
      await dataSource.destroy();
    }
  };
  try {
    const before = await migrated(index, read);
    const [after, undone] = await migrated(index + 1, async (dataSource) => [
      await read(dataSource),
      await dataSource.undoLastMigration({ transaction: 'each' }).then(() => read(dataSource)),
    ]);
    return { before, after, undone };
  } finally {
    await db.drop();
  }
}
