import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { applySeed } from '../src/seeds/apply-seed';
import { readSeedData } from '../src/seeds/programme-seed';
import { createAccount } from './support/accounts';
import type { TestApp, TestDatabase } from './support/test-app';
import { createTestDatabase, testConfig } from './support/test-app';

/**
 * The ledger migration carries a database of the previous schema over: built by the migrations before it, filled
 * with the real portfolio, commitments, disbursements and a submitted report; then migrated and started.
 */
const LEDGER = MIGRATIONS.findIndex((M) => M.name.startsWith('LedgerStatusObligations'));

describe('from the schema before the ledger, with data in it', () => {
  let db: TestDatabase;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const options = buildDataSourceOptions(db.config);
    const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, LEDGER) } as typeof options);
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.transaction((manager) => applySeed(manager, readSeedData()));
    const [kassel] = await old.query(`SELECT id FROM project WHERE slug = 'kassel'`);
    ids.kassel = Number(kassel.id);
    await old.query(
      `INSERT INTO commitment (project_id, amount_cents, date, phase, budget_year, note) VALUES (${ids.kassel}, 1000000, '2021-03-15', 'B', 2021, 'Bescheid')`,
    );
    await old.query(
      `INSERT INTO disbursement (project_id, amount_cents, date, budget_year, note) VALUES (${ids.kassel}, 400000, '2022-06-30', 2022, NULL)`,
    );
    await old.query(
      `INSERT INTO report (project_id, type, period, status, version, due_date, narrative) VALUES (${ids.kassel}, 'progress', '2021-H1', 'submitted', 1, '2021-07-31', 'Bericht')`,
    );
    await old.destroy();
  });
  afterAll(() => db?.drop());

  it('keeps every entry valid, and the started service has generated the obligations of existing projects', async () => {
    const app = await createApp(testConfig(db.config));
    try {
      const dataSource = app.get(DataSource);
      const [commitment] = await dataSource.query(`SELECT kind, reversal_of_id, reason, amount_cents FROM commitment`);
      expect({ ...commitment, amount_cents: Number(commitment.amount_cents) }).toEqual({
        kind: 'commitment',
        reversal_of_id: null,
        reason: null,
        amount_cents: 1_000_000,
      });
      const [disbursement] = await dataSource.query(`SELECT kind FROM disbursement`);
      expect(disbursement.kind).toBe('disbursement');

      const http = request(app.getHttpServer());
      const officer = await createAccount({ app, dataSource, http } as unknown as TestApp, 'officer', 'office@bund.example');
      const funding = await http.get(`/api/v1/projects/${ids.kassel}/funding`).set('Authorization', officer.auth).expect(200);
      expect(funding.body).toMatchObject({ committedCents: 1_000_000, disbursedCents: 400_000, repaidCents: 0 });
      expect(funding.body.commitments[0]).toMatchObject({ amountCents: 1_000_000, netAmountCents: 1_000_000, reversals: [] });
      const obligations = await http.get(`/api/v1/projects/${ids.kassel}/obligations`).set('Authorization', officer.auth).expect(200);
      const first = obligations.body.items[0];
      expect(first).toMatchObject({ type: 'progress', period: '2021-H1', legalDueDate: '2021-07-31', state: 'submitted' });
      expect(obligations.body.items.some((o: any) => o.type === 'proof_of_use_b')).toBe(true);
    } finally {
      await app.close();
    }
  });
});
