import { mkdirSync } from 'node:fs';
import type { Client as PgClient, ClientConfig } from 'pg';
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
    extra: {
      max: 10,
      Client: failFastClient(),
      connectionTimeoutMillis: POOL_WAIT_MS,
      ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}),
    },
  };
}

/** A new connection to PostgreSQL gives up after this long: while it is down, a request gets its 503 at once. */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * How long a request waits for a free pooled connection (all 10 busy) before it is answered 503. node-postgres
 * uses one option for both waits; with one second for both, a burst on a loaded machine queued past it and was
 * told "database unavailable" while the database was up (50 concurrent disbursements at load 12: 15 got 503).
 * Under 2 s, so the fail-fast promise holds either way.
 */
const POOL_WAIT_MS = 1900;

/** pg's Client with its own connect timeout, so the pool's option bounds only the wait for a free connection. */
function failFastClient(): typeof PgClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when PostgreSQL is configured: an SQLite installation never loads pg
  const { Client } = require('pg') as { Client: typeof PgClient };
  return class FailFastClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(
        typeof config === 'string'
          ? { connectionString: config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }
          : { ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      );
    }
  };
}

export function createDataSource(db: DatabaseConfig = loadConfig().database): DataSource {
  return new DataSource(buildDataSourceOptions(db));
}
