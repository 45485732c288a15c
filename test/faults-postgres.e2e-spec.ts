import { Client } from 'pg';
import type { ApiProcess } from './support/api-process';
import { startApi } from './support/api-process';
import { buildOnce } from './support/processes';
import type { Service } from './support/services';
import { ownPostgres } from './support/services';
import { waitFor } from './support/wait';

/**
 * Issue 11, item 3: PostgreSQL (a cluster of this test's own) restarted under load. During the outage requests fail
 * fast with 503 in the contract, /health names the database; the API recovers without a restart, and no
 * transaction is half-applied (every accepted commitment has its audit row, nothing else was written).
 */
describe('PostgreSQL restarted under load', () => {
  let pg: Service;
  let api: ApiProcess;

  beforeAll(async () => {
    buildOnce();
    pg = await ownPostgres();
    // No portfolio cache: every read goes to the database.
    api = await startApi({ DATABASE_URL: pg.url, PORTFOLIO_CACHE_SECONDS: '0' });
  }, 180_000);
  afterAll(async () => {
    api.process.kill('SIGTERM');
    await api.exited;
    await pg.destroy();
  });

  it('answers 503 within 2 s while it is down and works again once it is back', async () => {
    const token = await api.login();
    const kassel = (await api.call('/api/v1/projects/kassel')).body.id as number;
    const answers: { status: number; ms: number; code?: string; during: boolean }[] = [];
    let accepted = 0;
    let down = false;
    let stop = false;
    const load = async () => {
      while (!stop) {
        const during = down;
        const write = await api.call(`/api/v1/projects/${kassel}/commitments`, {
          method: 'POST',
          token,
          json: { amountCents: 1000, date: '2021-03-15', phase: 'B' },
        });
        if (write.status === 201) accepted++;
        const read = await api.call('/api/v1/projects?limit=5', { token });
        for (const r of [write, read]) answers.push({ status: r.status, ms: r.ms, code: r.body?.code, during: during && down });
      }
    };
    const loaders = [load(), load(), load()];
    await waitFor(
      async () => accepted,
      (n) => n >= 5,
      30_000,
      'accepted writes before the outage',
    );

    await pg.stop();
    down = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const health = await api.call('/health');
    expect({ status: health.status, fast: health.ms < 2000, code: health.body.code }).toEqual({
      status: 503,
      fast: true,
      code: 'SERVICE.UNAVAILABLE',
    });
    expect(health.body.details).toEqual([expect.objectContaining({ dependency: 'database' })]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    down = false;
    await pg.start();

    const before = accepted;
    await waitFor(
      async () => accepted,
      (n) => n >= before + 5,
      30_000,
      'accepted writes after the outage, without restarting the API',
    );
    stop = true;
    await Promise.all(loaders);
    expect((await api.call('/health')).status).toBe(200);

    const outage = answers.filter((a) => a.during);
    expect(outage.length).toBeGreaterThan(0);
    expect(outage.filter((a) => a.status !== 503 || a.code !== 'SERVICE.UNAVAILABLE' || a.ms >= 2000)).toEqual([]);
    // Outside the outage, and around its edges: only successes or 503s, never a 500.
    expect(answers.filter((a) => ![200, 201, 503].includes(a.status))).toEqual([]);

    const db = new Client({ connectionString: pg.url });
    await db.connect();
    const [{ rows: commitments }, { rows: audits }] = [
      await db.query('SELECT COUNT(*)::int AS n FROM commitment'),
      await db.query(`SELECT COUNT(*)::int AS n FROM audit_event WHERE action = 'funding.commitment.create'`),
    ];
    await db.end();
    // A write answered 503 may still have committed just before the connection went (the client cannot know);
    // what must never happen is a commitment without its audit row, or the other way round.
    expect(commitments[0].n).toBe(audits[0].n);
    expect(commitments[0].n).toBeGreaterThanOrEqual(accepted);
    expect(commitments[0].n).toBeLessThanOrEqual(accepted + 3);
  }, 180_000);
});
