import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { loadConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One description of the database for Nest, the CLI, the seeder and the tests. */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } as const;
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      // WAL lets readers run beside the single writer; the busy timeout makes a
      // second process wait for the write lock instead of failing at once.
      enableWAL: db.path !== ':memory:',
      timeout: 5000,
      prepareDatabase: (sqlite: { pragma(sql: string): unknown }) => {
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    // A schema is chosen through search_path rather than TypeORM's `schema`
    // option, so migrations' unqualified SQL and the ORM's queries meet in it.
    // connectionTimeoutMillis: while PostgreSQL is down a request gets its 503 within a second instead of waiting
    // for the operating system's connect timeout.
    extra: { max: 10, connectionTimeoutMillis: 1000, ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}) },
  };
}

export function createDataSource(db: DatabaseConfig = loadConfig().database): DataSource {
  return new DataSource(buildDataSourceOptions(db));
}
