import type { Response } from 'supertest';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { auditCount, commit, disburse, ledgerByDate, projectId, projectsWithUnknownGrant, reverse, rowSum } from './support/funding';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

const BUDGET = 82_000_000_000; // 820 Mio €

const statuses = (responses: Response[]) =>
  responses.reduce<Record<string, number>>((n, r) => {
    const key = r.status === 201 ? '201' : `${r.status} ${r.body.code}`;
    n[key] = (n[key] ?? 0) + 1;
    return n;
  }, {});

async function sumOf(t: TestApp, table: 'commitment' | 'disbursement'): Promise<number> {
  const [row] = await t.dataSource.query(`SELECT COALESCE(SUM(amount_cents), 0) AS s FROM ${table}`);
  return Number(row.s);
}

describe('50 disbursements sent at once against one commitment', () => {
  let t: TestApp;
  let officer: Account;
  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
  });
  afterAll(() => t.close());

  it('lets exactly floor(1 000 000 / 30 000) = 33 through and refuses the rest with FUNDING.OVER_DISBURSED', async () => {
    const kassel = await projectId(t, 'kassel');
    expect((await commit(t, officer.auth, kassel, { amountCents: 1_000_000, date: '2021-03-15' })).status).toBe(201);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        disburse(t, officer.auth, kassel, { amountCents: 30_000, date: '2022-01-20', budgetYear: 2022, note: `Abruf ${i + 1}` }),
      ),
    );

    expect(statuses(responses)).toEqual({ '201': 33, '422 FUNDING.OVER_DISBURSED': 17 });
    expect(await sumOf(t, 'disbursement')).toBe(990_000);
    expect(await auditCount(t, 'funding.disbursement.create')).toBe(33);
    const summary = await t.http.get(`/api/v1/projects/${kassel}/funding`).set('Authorization', officer.auth).expect(200);
    expect(summary.body).toMatchObject({ committedCents: 1_000_000, disbursedCents: 990_000, remainingCents: 10_000 });
    expect(summary.body.disbursements).toHaveLength(33);
    expect(rowSum(summary.body.disbursements)).toBe(990_000);
  });
});

describe('50 reversals and disbursements sent at once against one project', () => {
  let t: TestApp;
  let officer: Account;
  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
  });
  afterAll(() => t.close());

  it('never leaves it over-disbursed at any date', async () => {
    const kassel = await projectId(t, 'kassel');
    await commit(t, officer.auth, kassel, { amountCents: 1_000_000, date: '2021-03-15' });
    const later = (await commit(t, officer.auth, kassel, { amountCents: 500_000, date: '2022-01-01' })).body;
    expect((await disburse(t, officer.auth, kassel, { amountCents: 600_000, date: '2022-02-01', budgetYear: 2022 })).status).toBe(201);

    // Room: disbursements + reversals ≤ 900 000 from 2022-03-01 on; asked for: 25 × 40 000 + 25 × 20 000 = 1 500 000.
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? disburse(t, officer.auth, kassel, { amountCents: 40_000, date: '2021-06-01', budgetYear: 2021 })
          : reverse(t, officer.auth, 'commitments', later.id, { amountCents: 20_000, date: '2022-03-01' }),
      ),
    );
    const counts = statuses(responses);
    expect(Object.keys(counts).sort()).toEqual(['201', '422 FUNDING.OVER_DISBURSED']);
    for (const point of await ledgerByDate(t, kassel)) expect(point.disbursed).toBeLessThanOrEqual(point.committed);
    const accepted = responses.filter((r) => r.status === 201);
    const takenCents = accepted.reduce((s, r) => s + (r.body.amountCents as number), 0);
    expect(takenCents).toBeLessThanOrEqual(900_000);
    expect(takenCents).toBeGreaterThan(900_000 - 40_000);
    const written = (await auditCount(t, 'funding.disbursement.create')) - 1 + (await auditCount(t, 'funding.commitment.reverse'));
    expect(written).toBe(accepted.length);
  });
});

describe('the programme budget of 820 Mio €', () => {
  let t: TestApp;
  let officer: Account;
  let unknown: number[];
  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
    // Projects whose grant is unknown have no cap of their own: only the programme budget stops them.
    unknown = await projectsWithUnknownGrant(t);
    expect(unknown.length).toBeGreaterThanOrEqual(12);
  });
  afterAll(() => t.close());

  it('takes commitments up to the budget, to the cent, and not one cent more (FUNDING.OVER_BUDGET)', async () => {
    expect((await commit(t, officer.auth, unknown[0], { amountCents: 40_999_999_000 })).status).toBe(201);
    expect((await commit(t, officer.auth, unknown[1], { amountCents: 41_000_000_000 })).status).toBe(201);

    // Ten commitments for ten different projects race for the last 1 000 cents: exactly three fit.
    const responses = await Promise.all(unknown.slice(2, 12).map((id) => commit(t, officer.auth, id, { amountCents: 300 })));
    expect(statuses(responses)).toEqual({ '201': 3, '422 FUNDING.OVER_BUDGET': 7 });
    expect(await sumOf(t, 'commitment')).toBe(BUDGET - 100);

    expect((await commit(t, officer.auth, unknown[12], { amountCents: 100 })).status).toBe(201);
    expect(await sumOf(t, 'commitment')).toBe(BUDGET);

    const before = await tableCounts(t.dataSource);
    const over = await commit(t, officer.auth, unknown[13] ?? unknown[0], { amountCents: 1 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      code: 'FUNDING.OVER_BUDGET',
      details: [expect.objectContaining({ field: 'amountCents', budgetCents: BUDGET, committedCents: BUDGET, availableCents: 0 })],
    });
    // A project with a known grant that it has not used up is stopped by the budget too.
    const kassel = await projectId(t, 'kassel');
    const capped = await commit(t, officer.auth, kassel, { amountCents: 1 });
    expect([capped.status, capped.body.code]).toEqual([422, 'FUNDING.OVER_BUDGET']);
    expect(await tableCounts(t.dataSource)).toEqual(before);
    expect(await auditCount(t, 'funding.commitment.create')).toBe(6);
  });
});
