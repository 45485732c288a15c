import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import type { TestDatabase } from './test-app';
import { createTestDatabase } from './test-app';

/** A database of its own for synthetic portfolios: a fresh SQLite file or PostgreSQL schema, migrated, not seeded. */
export interface Fresh {
  db: TestDatabase;
  dataSource: DataSource;
}

export async function freshDatabase(): Promise<Fresh> {
  const db = await createTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions(db.config));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { db, dataSource };
}

export async function close(fresh: Fresh | undefined): Promise<void> {
  if (!fresh) return;
  if (fresh.dataSource.isInitialized) await fresh.dataSource.destroy();
  await fresh.db.drop();
}
