import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import type { DatabaseConfig } from '../src/config/app-config';
import { ExportJobHandler } from '../src/exports/export.handler';
import type { ExportParams } from '../src/exports/export-source';
import { benchConfig } from './support';

/**
 * One export by our job handler (ExportJobHandler.run, as a worker runs it) in
 * a Nest application context of its own process, so its peak RSS can be read
 * from outside (bench/exports.ts). Prints one JSON line: { rows, ms, bootMs, bytes }.
 *
 *   export-child <database-json> <params-json> <dir>
 *
 * ms is the export alone; booting Nest and TypeORM is in the memory, not the time.
 */
async function ours(database: DatabaseConfig, params: ExportParams, dir: string) {
  const start = performance.now();
  const config = benchConfig(database, dir, { role: 'worker', seedOnStart: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['fatal', 'error', 'warn'],
    abortOnError: false,
  });
  const booted = performance.now();
  try {
    const handler = app.get(ExportJobHandler, { strict: false });
    const outcome = await handler.run({ runId: randomUUID(), params, attempt: 1, progress: async () => undefined });
    const ms = performance.now() - booted;
    if (!outcome.artifact) throw new Error('the export wrote no file');
    const rows = (outcome.result as { rowCount: number }).rowCount;
    return { rows, ms, bootMs: booted - start, bytes: statSync(join(config.artifactsDir, outcome.artifact.path)).size };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [database, params, dir] = process.argv.slice(2);
  console.log(JSON.stringify(await ours(JSON.parse(database) as DatabaseConfig, JSON.parse(params) as ExportParams, dir)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
