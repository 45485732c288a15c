import 'reflect-metadata';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../config/app-config';

/**
 * `npm run backup [-- <file>]`: a consistent copy of the SQLite database, taken with SQLite's online backup API
 * while the service keeps running (readers and the writer go on; the copy is one point in time).
 * `npm run restore -- <file>`: copies a backup into the database DATABASE_URL names, which must be empty.
 * PostgreSQL is backed up with its own tools (see the README, Operations): pg_dump / pg_restore.
 */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..+$/, 'Z');
}

function isEmptyDatabase(path: string): boolean {
  if (!existsSync(path) || statSync(path).size === 0) return true;
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n === 0;
  } finally {
    db.close();
  }
}

export async function backupSqlite(source: string, target: string): Promise<void> {
  if (existsSync(target)) fail(`${target} exists already; a backup never overwrites a file.`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // Written to a temporary name and renamed when complete: a half backup never carries the final name.
    await db.backup(`${target}.partial`);
  } finally {
    db.close();
  }
  renameSync(`${target}.partial`, target);
}

export async function restoreSqlite(backup: string, target: string): Promise<void> {
  if (!existsSync(backup)) fail(`${backup} does not exist.`);
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const migrations = source
      .prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'`)
      .get() as { n: number };
    if (migrations.n !== 1) fail(`${backup} is not a backup of this service (it has no schema_migration table).`);
    if (!isEmptyDatabase(target)) fail(`${target} is not empty; restore only into a new database (move the old file away first).`);
    mkdirSync(dirname(target), { recursive: true });
    await source.backup(target);
  } finally {
    source.close();
  }
}

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (config.database.type !== 'sqlite' || config.database.path === ':memory:') {
    fail(
      'npm run backup/restore handle SQLite files. For PostgreSQL use pg_dump -Fc "$DATABASE_URL" -f mpsc.dump and pg_restore -d "$DATABASE_URL" mpsc.dump (README, Operations).',
    );
  }
  if (command === 'backup') {
    const target = resolve(file ?? `data/backups/mpsc-${stamp()}.sqlite`);
    await backupSqlite(config.database.path, target);
    console.log(`Backed up ${config.database.path} to ${target} (${statSync(target).size} bytes).`);
  } else if (command === 'restore') {
    if (!file) fail('Usage: npm run restore -- <backup file>');
    await restoreSqlite(resolve(file), config.database.path);
    console.log(`Restored ${resolve(file)} into ${config.database.path}.`);
  } else {
    fail('Usage: backup.cli.js backup [file] | restore <file>');
  }
}

if (require.main === module) {
  main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
