import type { EntityManager } from 'typeorm';
import { ObligationsService } from '../src/obligations/obligations.service';
import { createAccount } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, usingPostgres } from './support/test-app';

/*
 * Two API instances starting after a calendar change both sync every project's obligations. Whichever inserts a
 * missing row second must skip it, not fail its start on the unique index (project, type, period). On PostgreSQL the
 * two syncs run at once in two transactions; SQLite has one writer, so there they run one after the other.
 */
describe('reporting obligations synced by two processes at once', () => {
  let t: TestApp;
  let kassel: number;

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    const officer = (await createAccount(t, 'officer', 'office@bund.example')).auth;
    kassel = (await t.http.get('/api/v1/projects/kassel').expect(200)).body.id;
    await t.http
      .post(`/api/v1/projects/${kassel}/commitments`)
      .set('Authorization', officer)
      .send({ amountCents: 100_000_000, date: '2021-03-15', phase: 'B' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('adds each missing row once, and neither sync fails', async () => {
    const count = async () =>
      Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM reporting_obligation WHERE project_id = ${kassel}`))[0].n);
    const owed = await count();
    expect(owed).toBeGreaterThan(5);
    await t.dataSource.query(`DELETE FROM reporting_obligation WHERE project_id = ${kassel}`);
    const obligations = t.app.get(ObligationsService);
    const sync = (manager: EntityManager) => obligations.sync(manager, [kassel]);
    if (usingPostgres) {
      // The first sync inserts and keeps its transaction open; the second reads before that commits, so it wants the
      // same rows and its insert waits on the unique index until the first commits.
      let release = () => undefined as void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted = () => undefined as void;
      const firstDone = new Promise<void>((resolve) => (inserted = resolve));
      const first = t.dataSource.transaction(async (manager) => {
        await sync(manager);
        inserted();
        await held;
      });
      await firstDone;
      const second = t.dataSource.transaction(sync);
      setTimeout(release, 1000);
      await Promise.all([first, second]);
    } else for (const _ of [1, 2]) await t.dataSource.transaction(sync);
    expect(await count()).toBe(owed);
  });
});
