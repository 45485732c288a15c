import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';

/**
 * `npm run worker`: processes queued jobs from Redis. Start as many as the
 * work needs, on as many machines, against one database and one Redis.
 * SIGTERM lets the running jobs finish (BullMQ hands unfinished ones to
 * another worker if this one is killed), then exits.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(), role: 'worker' as const };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!config.redisUrl) {
    console.error('Invalid configuration: REDIS_URL is required for `npm run worker` (without it, `npm start` runs jobs in-process).');
    process.exit(1);
  }
  const logger = new Logger('Worker');
  const starting = NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: config.logLevel === 'silent' ? false : ['fatal', 'error', 'warn', 'log'],
    abortOnError: false,
  });
  // Listening from the start: the worker takes jobs while it boots, and a SIGTERM then must still let them finish.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the running jobs, then exiting.`);
    // close() runs the shutdown hooks: the BullMQ worker stops taking jobs and waits for the active ones.
    starting
      .then((app) => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const app = await starting;
  const pending = await app.get<DataSource>(getDataSourceToken()).showMigrations();
  if (pending) {
    console.error('The database schema is not up to date: start the API once or run `npm run migration:run`, then start workers.');
    await app.close();
    process.exit(1);
  }
  logger.log(`Worker started (pid ${process.pid}).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
