import { createServer, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import type { Service } from './support/services';
import { ownPostgres } from './support/services';

/**
 * The PostgreSQL pool's two waits (src/database/data-source.ts): a new connection gives up after 1 s (the database is
 * down: 503 at once), while a request that finds all 10 connections busy waits up to 1.9 s for one (a burst on a
 * loaded machine is not "database unavailable"). A cluster of this test's own, so it runs in either suite.
 */
describe('PostgreSQL pool: connecting fails fast, a busy pool is waited for', () => {
  let pg: Service;
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    pg = await ownPostgres();
    // Accepts TCP connections and never answers: a database that hangs rather than refuses.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await pg.destroy();
  });

  it('answers a query that waited longer than the connect timeout for a free connection', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions({ type: 'postgres', url: pg.url })).initialize();
    try {
      // All ten connections busy for 1.3 s; the eleventh query waits for one of them (more than 1 s, less than 1.9 s).
      const busy = Array.from({ length: 10 }, () => dataSource.query('SELECT pg_sleep(1.3)'));
      const started = Date.now();
      const waited = await dataSource.query('SELECT 42 AS answer');
      expect({ answer: Number(waited[0].answer), waitedMoreThanConnectTimeout: Date.now() - started > 1000 }).toEqual({
        answer: 42,
        waitedMoreThanConnectTimeout: true,
      });
      await Promise.all(busy);
    } finally {
      await dataSource.destroy();
    }
  });

  it('gives up connecting to a database that does not answer within about a second', async () => {
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    const failure = await new DataSource(buildDataSourceOptions({ type: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test` }))
      .initialize()
      .then(
        () => null,
        (error: Error) => error,
      );
    const ms = Date.now() - started;
    expect(failure?.message).toMatch(/timeout/i);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(1700);
  });
});
