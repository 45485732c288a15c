import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { publishPortfolioChanged } from '../operations/shared-state';
import { applySeed } from './apply-seed';
import { readSeedData, SeedError } from './programme-seed';

/** `npm run seed`: migrates, then brings the database to the seed. Idempotent. */
async function main(): Promise<void> {
  const config = loadConfig();
  const data = readSeedData();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const report = await dataSource.transaction((manager) => applySeed(manager, data));
    // Every running API instance drops its cached portfolio answers (with REDIS_URL; without it they expire).
    await publishPortfolioChanged(config).catch((error: unknown) => console.warn(`Could not tell the API instances: ${String(error)}`));
    console.log(
      `Seeded ${data.projects.length} projects: ${report.inserted} rows inserted, ${report.updated} updated, ${report.unchanged} unchanged.`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SeedError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
