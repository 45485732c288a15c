import type { DataSource, EntityManager } from 'typeorm';
import { usingPostgres } from './test-app';

/**
 * Two transactions writing to the same rows at once. PostgreSQL: the first writes and keeps its transaction open for
 * `holdMs`; the second writes meanwhile (waiting for whatever the first has locked) and commits after it. SQLite has
 * one writer at a time: there they run one after the other.
 */
export async function concurrently(
  dataSource: DataSource,
  first: (manager: EntityManager) => Promise<unknown>,
  second: (manager: EntityManager) => Promise<unknown>,
  holdMs = 500,
): Promise<void> {
  if (!usingPostgres) {
    for (const write of [first, second]) await dataSource.transaction(write);
    return;
  }
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let written = () => undefined as void;
  const firstWritten = new Promise<void>((resolve) => (written = resolve));
  const one = dataSource.transaction(async (manager) => {
    await first(manager);
    written();
    await held;
  });
  await Promise.race([firstWritten, one]);
  const two = dataSource.transaction(second);
  setTimeout(release, holdMs);
  await Promise.all([one, two]);
}
