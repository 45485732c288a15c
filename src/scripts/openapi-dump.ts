import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';

/**
 * Writes the OpenAPI document (exactly what /docs-json serves) to a file, without listening
 * on a port and without Redis or PostgreSQL: the app boots on an in-memory SQLite database.
 * The build runs it to generate the web app's typed client:
 *   node dist/scripts/openapi-dump.js web/openapi.json
 */
export async function dumpOpenApi(target: string): Promise<void> {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', SEED_ON_START: 'false', ROLLUP_CRON: 'off', REMINDER_CRON: 'off' });
  const app = await createApp({ ...base, database: { type: 'sqlite', path: ':memory:' }, redisUrl: null });
  try {
    const res = await app.inject({ method: 'GET', url: '/docs-json' });
    if (res.statusCode !== 200) throw new Error(`/docs-json answered ${res.statusCode}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const target = resolve(process.argv[2] ?? 'web/openapi.json');
  dumpOpenApi(target).then(
    () => console.log(`OpenAPI document written to ${target}`),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
