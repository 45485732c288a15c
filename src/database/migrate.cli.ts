import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { createDataSource } from './data-source';

/** `npm run migration:run` (or `-- --revert` to undo the last one). */
async function main(): Promise<void> {
  const dataSource = createDataSource(loadConfig().database);
  await dataSource.initialize();
  try {
    if (process.argv.includes('--revert')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
    } else {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      console.log(ran.length ? `Ran ${ran.map((m) => m.name).join(', ')}.` : 'The schema is up to date.');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
