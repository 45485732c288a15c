import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { exitGracefullyOnSignals } from './operations/shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  const logger = new Logger('Main');
  if (config.jwt.generated) logger.warn('JWT_SECRET is not set: using a random secret, so tokens stop working on restart.');
  exitGracefullyOnSignals(app, app.getHttpAdapter().getInstance());
  await app.listen(config.port, '0.0.0.0');
  logger.log(`mpsc-tracker listening on http://localhost:${config.port} (API /api/v1, docs /docs, database ${config.database.type})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
