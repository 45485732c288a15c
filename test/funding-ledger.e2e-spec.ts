import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { exportFile, parseCsv } from './support/exports';
import { auditCount, commit, disburse, ledgerByDate, projectId, refusedWith, repay, reverse } from './support/funding';
import { runRollup } from './support/rollups';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

describe('the funding ledger: reversals, repayments, date-aware rules', () => {
  let t: TestApp;
  let officer: Account;
  let auditor: Account;
  let kassel: Account;
  const summary = async (project: number, auth = officer.auth) =>
    (await t.http.get(`/api/v1/projects/${project}/funding`).set('Authorization', auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer, auditor, kassel } = await standardAccounts(t));
  });
  afterAll(() => t.close());

  it('reverses a commitment and a disbursement in part, keeps the originals and shows net sums with the corrections beside them', async () => {
    const project = await projectId(t, 'kassel');
    const c = (await commit(t, officer.auth, project, { amountCents: 1_000_000, date: '2021-03-15' })).body;
    const d = (await disburse(t, officer.auth, project, { amountCents: 400_000, date: '2022-06-30', budgetYear: 2022 })).body;
    const rc = await reverse(t, officer.auth, 'commitments', c.id, {
      amountCents: 250_000,
      date: '2023-01-10',
      reason: ' Haushaltsprüfung ',
    });
    expect(rc.status).toBe(201);
    expect(rc.body).toEqual(
      expect.objectContaining({
        originalId: c.id,
        projectId: project,
        amountCents: 250_000,
        date: '2023-01-10',
        budgetYear: 2021,
        reason: 'Haushaltsprüfung',
      }),
    );
    const rd = await reverse(t, officer.auth, 'disbursements', d.id, {
      amountCents: 100_000,
      date: '2022-07-01',
      reason: 'Doppelt gebucht',
    });
    expect(rd.status).toBe(201);

    const s = await summary(project, kassel.auth);
    expect(s).toMatchObject({
      committedCents: 750_000,
      reversedCommitmentCents: 250_000,
      disbursedCents: 300_000,
      reversedDisbursementCents: 100_000,
      repaidCents: 0,
      remainingCents: 450_000,
    });
    expect(s.commitments).toEqual([{ ...c, netAmountCents: 750_000, reversals: [rc.body] }]);
    expect(s.disbursements).toEqual([{ ...d, netAmountCents: 300_000, reversals: [rd.body] }]);
    // The originals are unchanged in the database; each reversal is a row of its own.
    const [orig] = await t.dataSource.query(`SELECT amount_cents FROM commitment WHERE id = ${Number(c.id)}`);
    expect(Number(orig.amount_cents)).toBe(1_000_000);
    const audit = await t.http.get(`/api/v1/audit?entityType=commitment&entityId=${c.id}`).set('Authorization', auditor.auth).expect(200);
    expect(audit.body.items.map((e: any) => e.action).sort()).toEqual(['funding.commitment.create', 'funding.commitment.reverse']);

    // The rest of the commitment can be reversed too, but not one cent more; nor the reversal itself.
    await refusedWith(
      t,
      () => reverse(t, officer.auth, 'disbursements', d.id, { amountCents: 300_001, date: '2022-07-01' }),
      422,
      'FUNDING.REVERSAL_EXCEEDS_ORIGINAL',
    );
    const refused = await refusedWith(
      t,
      () => reverse(t, officer.auth, 'commitments', rc.body.id, { amountCents: 1, date: '2023-02-01' }),
      422,
      'FUNDING.REVERSAL_OF_REVERSAL',
    );
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('refuses a commitment reversal that would leave the project over-disbursed at any date', async () => {
    const project = await projectId(t, 'darmstadt');
    const c = (await commit(t, officer.auth, project, { amountCents: 1_000_000, date: '2021-03-15' })).body;
    await disburse(t, officer.auth, project, { amountCents: 800_000, date: '2024-01-10', budgetYear: 2024 });
    // Dated before the disbursement, the reversal still leaves too little for it.
    const res = await refusedWith(
      t,
      () => reverse(t, officer.auth, 'commitments', c.id, { amountCents: 200_001, date: '2022-01-01' }),
      422,
      'FUNDING.OVER_DISBURSED',
    );
    expect(res.body.details).toEqual([
      expect.objectContaining({
        field: 'amountCents',
        date: '2024-01-10',
        committedCents: 1_000_000,
        disbursedCents: 800_000,
        availableCents: 200_000,
      }),
    ]);
    expect((await reverse(t, officer.auth, 'commitments', c.id, { amountCents: 200_000, date: '2022-01-01' })).status).toBe(201);
  });

  it('takes repayments up to the net disbursements and shows them on their own', async () => {
    const project = await projectId(t, 'ulm');
    await commit(t, officer.auth, project, { amountCents: 1_000_000, date: '2021-03-15' });
    const d = (await disburse(t, officer.auth, project, { amountCents: 500_000, date: '2022-06-30', budgetYear: 2022 })).body;
    await reverse(t, officer.auth, 'disbursements', d.id, { amountCents: 100_000, date: '2022-08-01' });
    const tooMuch = await refusedWith(
      t,
      () => repay(t, officer.auth, project, { amountCents: 400_001, date: '2023-05-02' }),
      422,
      'FUNDING.REPAYMENT_EXCEEDS_DISBURSED',
    );
    expect(tooMuch.body.details).toEqual([expect.objectContaining({ field: 'amountCents', availableCents: 400_000 })]);
    // Dated before the payment, nothing had been disbursed to repay.
    await refusedWith(
      t,
      () => repay(t, officer.auth, project, { amountCents: 1, date: '2022-06-29' }),
      422,
      'FUNDING.REPAYMENT_EXCEEDS_DISBURSED',
    );
    const r = await repay(t, officer.auth, project, { amountCents: 150_000, date: '2023-05-02', reason: 'Rückforderung' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      projectId: project,
      amountCents: 150_000,
      date: '2023-05-02',
      budgetYear: 2023,
      reason: 'Rückforderung',
    });
    const s = await summary(project);
    expect(s).toMatchObject({ disbursedCents: 250_000, reversedDisbursementCents: 100_000, repaidCents: 150_000, remainingCents: 750_000 });
    expect(s.repayments).toEqual([r.body]);
    // What was repaid can no longer be reversed: 400 000 were left of the payment, 150 000 of them came back.
    await refusedWith(
      t,
      () => reverse(t, officer.auth, 'disbursements', d.id, { amountCents: 250_001, date: '2023-06-01' }),
      422,
      'FUNDING.REVERSAL_EXCEEDS_ORIGINAL',
    );
    expect(await auditCount(t, 'funding.repayment.create')).toBe(1);
  });

  it('does not let a disbursement use a commitment dated after it, whatever order they are recorded in', async () => {
    const project = await projectId(t, 'landkreis-giessen');
    // Recorded first, dated later.
    await commit(t, officer.auth, project, { amountCents: 900_000, date: '2022-01-01' });
    await commit(t, officer.auth, project, { amountCents: 100_000, date: '2021-03-15' });
    const early = await refusedWith(
      t,
      () => disburse(t, officer.auth, project, { amountCents: 100_001, date: '2021-06-30', budgetYear: 2021 }),
      422,
      'FUNDING.OVER_DISBURSED',
    );
    expect(early.body.details).toEqual([expect.objectContaining({ date: '2021-06-30', committedCents: 100_000, availableCents: 100_000 })]);
    // A later payment first, then an earlier one that fits its own date but would leave the later date uncovered.
    expect((await disburse(t, officer.auth, project, { amountCents: 950_000, date: '2022-02-01', budgetYear: 2022 })).status).toBe(201);
    await refusedWith(
      t,
      () => disburse(t, officer.auth, project, { amountCents: 60_000, date: '2021-06-30', budgetYear: 2021 }),
      422,
      'FUNDING.OVER_DISBURSED',
    );
    expect((await disburse(t, officer.auth, project, { amountCents: 50_000, date: '2021-06-30', budgetYear: 2021 })).status).toBe(201);
    for (const point of await ledgerByDate(t, project)) expect(point.disbursed).toBeLessThanOrEqual(point.committed);
  });

  it('roll-ups and exports count net amounts and show repayments as their own column and corrections as their own rows', async () => {
    const ulm = await summary(await projectId(t, 'ulm'));
    const run = await runRollup(t, officer.auth, { kind: 'funding' });
    const { totals, groups } = run.result;
    expect(totals).toMatchObject({ repaidCents: 150_000 });
    const budgetYears = groups.find((g: any) => g.by === 'budgetYear').items;
    expect(budgetYears.find((y: any) => y.key === '2023')).toMatchObject({ repaidCents: 150_000, disbursementCount: 0 });

    const projects = parseCsv((await exportFile(t, officer.auth, { format: 'csv', csvDialect: 'rfc4180' })).bytes, 'rfc4180');
    const column = (name: string) => projects[0].indexOf(name);
    const ulmRow = projects.find((r) => r[0] === 'ulm') as string[];
    expect([ulmRow[column('disbursed_eur')], ulmRow[column('repaid_eur')]]).toEqual(['2500.00', '1500.00']);
    expect(ulm).toMatchObject({ disbursedCents: 250_000, repaidCents: 150_000 });

    const entries = parseCsv(
      (await exportFile(t, officer.auth, { format: 'csv', csvDialect: 'rfc4180', rows: 'transactions' })).bytes,
      'rfc4180',
    );
    const ulmEntries = entries.filter((r) => r[0] === 'ulm').map((r) => [r[2], r[6]]);
    expect(ulmEntries).toEqual([
      ['commitment', '10000.00'],
      ['disbursement', '5000.00'],
      ['disbursement_reversal', '-1000.00'],
      ['repayment', '-1500.00'],
    ]);
  });

  it('refuses bad input naming the field, and unknown entries with 404', async () => {
    const project = await projectId(t, 'kassel');
    const [{ id }] = await t.dataSource.query(`SELECT id FROM commitment WHERE project_id = ${project} AND kind = 'commitment'`);
    const cases: [Record<string, unknown>, string][] = [
      [{ amountCents: 1, date: '2023-01-01', reason: '   ' }, 'reason'],
      [{ amountCents: 1, date: '2023-01-01', reason: null }, 'reason'],
      [{ amountCents: 0, date: '2023-01-01' }, 'amountCents'],
      [{ amountCents: '5', date: '2023-01-01' }, 'amountCents'],
      [{ amountCents: 1, date: '2023-02-30' }, 'date'],
    ];
    for (const [body, field] of cases) {
      const res = await refusedWith(t, () => reverse(t, officer.auth, 'commitments', id, body), 400, 'VALIDATION.INVALID');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const before = await refusedWith(
      t,
      () => reverse(t, officer.auth, 'commitments', id, { amountCents: 1, date: '2021-03-14' }),
      422,
      'FUNDING.REVERSAL_BEFORE_ORIGINAL',
    );
    expect(before.body.details).toEqual([expect.objectContaining({ field: 'date' })]);
    await refusedWith(
      t,
      () => reverse(t, officer.auth, 'commitments', 999_999, { amountCents: 1, date: '2023-01-01' }),
      404,
      'FUNDING.COMMITMENT_NOT_FOUND',
    );
    await refusedWith(
      t,
      () => reverse(t, officer.auth, 'disbursements', 999_999, { amountCents: 1, date: '2023-01-01' }),
      404,
      'FUNDING.DISBURSEMENT_NOT_FOUND',
    );
    await refusedWith(
      t,
      () => repay(t, officer.auth, project, { amountCents: 1, date: '2023-01-01', budgetYear: 2040 }),
      400,
      'VALIDATION.INVALID',
    );
  });
});
