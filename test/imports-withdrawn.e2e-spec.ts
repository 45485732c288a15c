import { createAccount } from './support/accounts';
import { importer, type DryRun } from './support/imports';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

/*
 * Issue 15, "Bad input": a row for a withdrawn project. After the withdrawal's effective date the project takes no
 * commitment or disbursement (issue 12): an imported row gets the single route's code at its row, a dry run and a
 * commit of the file write nothing, and a row dated before the withdrawal is still accepted.
 */
describe('Bulk import: rows for a withdrawn project', () => {
  let t: TestApp;
  let officer: string;
  let kassel: number;

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    officer = (await createAccount(t, 'officer', 'office@bund.example')).auth;
    kassel = (await t.http.get('/api/v1/projects/kassel').expect(200)).body.id;
    await t.http
      .post(`/api/v1/projects/${kassel}/commitments`)
      .set('Authorization', officer)
      .send({ amountCents: 100_000_000, date: '2021-03-15', phase: 'B' })
      .expect(201);
    await t.http
      .post(`/api/v1/projects/${kassel}/status`)
      .set('Authorization', officer)
      .send({ status: 'withdrawn', effectiveDate: '2023-06-30', reason: 'Rat hat den Ausstieg beschlossen' })
      .expect(201);
  });
  afterAll(() => t.close());

  const { upload, committed } = importer(
    () => t,
    () => officer,
    'withdrawn.csv',
  );

  it('a disbursement or commitment dated after the withdrawal is a row error with the route code; nothing is written', async () => {
    const before = await tableCounts(t.dataSource);
    const disbursements = [
      'external_ref;project;date;amount_eur;budget_year',
      'WD-1;kassel;2023-05-02;10.000,00;2023',
      'WD-2;kassel;2023-07-03;10.000,00;2023',
    ].join('\n');
    const dry = (await upload(disbursements, 'disbursements', true).expect(200)).body as DryRun;
    expect(dry.errors.map((e) => [e.row, e.code])).toEqual([[3, 'FUNDING.PROJECT_WITHDRAWN']]);
    expect(dry.valid).toBe(1);
    const commitments = ['external_ref;project;date;amount_eur;phase;budget_year', 'WZ-1;kassel;2023-08-01;5.000,00;B;2023'].join('\n');
    const dryCommitments = (await upload(commitments, 'commitments', true).expect(200)).body as DryRun;
    expect(dryCommitments.errors.map((e) => [e.row, e.code])).toEqual([[2, 'FUNDING.PROJECT_WITHDRAWN']]);

    const run = await committed(disbursements, 'disbursements');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('FUNDING.PROJECT_WITHDRAWN');
    const after = await tableCounts(t.dataSource);
    expect({ ...after, job_run: before.job_run }).toEqual(before);
  });

  it('the row dated before the withdrawal alone is committed', async () => {
    const csv = ['external_ref;project;date;amount_eur;budget_year', 'WD-1;kassel;2023-05-02;10.000,00;2023'].join('\n');
    const run = await committed(csv, 'disbursements');
    expect(run.result).toEqual(expect.objectContaining({ written: 1, alreadyPresent: 0 }));
    const funding = (await t.http.get(`/api/v1/projects/${kassel}/funding`).set('Authorization', officer).expect(200)).body;
    expect(funding.disbursedCents).toBe(1_000_000);
  });
});
