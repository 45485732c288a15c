import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import type { TestDatabase } from './support/test-app';
import { createTestDatabase, usingPostgres } from './support/test-app';

/**
 * The schema exists only through migrations (no `synchronize`): on an empty
 * database they must build exactly what the entities describe, and undo
 * cleanly, on whichever database DATABASE_URL names.
 */
const MIGRATIONS_TABLE = 'schema_migration';

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = usingPostgres
    ? await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`)
    : await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).sort();
}

/** What TypeORM would still change to match the entities; empty when migrations and entities agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(db.config));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const entityTables = () => [...new Set(dataSource.entityMetadatas.map((m) => m.tableName))].sort();

  it('build, on an empty database, exactly the schema the entities describe', async () => {
    expect(await tableNames(dataSource)).toEqual([]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name ?? M.name));
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    expect(await tableNames(dataSource)).toEqual([...entityTables(), MIGRATIONS_TABLE].sort());
  });

  it('have nothing left to run the second time', async () => {
    expect(await dataSource.runMigrations({ transaction: 'each' })).toEqual([]);
  });

  it('undo, one by one, down to no tables at all', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tableNames(dataSource)).toEqual([MIGRATIONS_TABLE]);
    expect(await dataSource.query(`SELECT * FROM ${MIGRATIONS_TABLE}`)).toEqual([]);
  });

  it('run again after being undone, to the same schema', async () => {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(MIGRATIONS.length);
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    expect(await tableNames(dataSource)).toEqual([...entityTables(), MIGRATIONS_TABLE].sort());
  });
});

describe('the schema check itself', () => {
  it('notices when the database lacks something an entity declares', async () => {
    const db = await createTestDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(db.config));
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      const statusIndex = dataSource.getMetadata('Project').indices.find((i) => i.columns.some((c) => c.propertyName === 'status'));
      await dataSource.query(`DROP INDEX "${statusIndex!.name}"`);
      const pending = await pendingSchemaChanges(dataSource);
      expect(pending).toEqual([expect.stringContaining(statusIndex!.name)]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});
