import { FundingGuard } from '../src/funding/funding-guard';
import { ledgersOf } from '../src/imports/bulk-disbursements';
import { createAccount } from './support/accounts';
import { binary, importer, type DryRun } from './support/imports';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

const REVERSALS = 'external_ref;original_type;original_ref;original_id;date;amount_eur;reason';
const REPAYMENTS = 'external_ref;project;date;amount_eur;budget_year;reason';

describe('Bulk import of reversals (Storno) and repayments: the ledger rules per row, all or nothing, once per reference', () => {
  let t: TestApp;
  let officer: string;
  let kassel: number;

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    officer = (await createAccount(t, 'officer', 'office@bund.example')).auth;
    kassel = (await t.http.get('/api/v1/projects/kassel').expect(200)).body.id;
    const commitments = ['external_ref;project;date;amount_eur;phase;budget_year', 'ZB-1;kassel;2021-03-15;1.100.000,00;B;2021'];
    const disbursements = [
      'external_ref;project;date;amount_eur;budget_year',
      'BK-1;kassel;2022-04-01;250.000,00;2022',
      'BK-2;kassel;2022-07-01;100.000,00;2022',
    ];
    expect((await committed(commitments.join('\n'), 'commitments')).result.written).toBe(1);
    expect((await committed(disbursements.join('\n'), 'disbursements')).result.written).toBe(2);
  });
  afterAll(() => t.close());

  const { upload, committed } = importer(
    () => t,
    () => officer,
    'ledger.csv',
  );
  const funding = async () => (await t.http.get(`/api/v1/projects/${kassel}/funding`).set('Authorization', officer).expect(200)).body;
  const codes = (dry: DryRun) => dry.errors.map((e) => [e.row, e.column, e.code]);

  it('imported disbursements (written in one pass) show in the audit trail as a form entry does, one row each', async () => {
    const shown = (await funding()).disbursements as { id: number; amountCents: number; date: string; note: string | null }[];
    const audit = await t.http
      .get('/api/v1/audit?entityType=disbursement&action=funding.disbursement.create')
      .set('Authorization', officer)
      .expect(200);
    const after = (audit.body.items as { entityId: string; actorEmail: string; after: Record<string, unknown> }[]).map((e) => ({
      entityId: Number(e.entityId),
      actor: e.actorEmail,
      after: e.after,
    }));
    expect(after.sort((a, b) => a.entityId - b.entityId)).toEqual(
      shown.map((d) => ({
        entityId: d.id,
        actor: 'office@bund.example',
        after: expect.objectContaining({ id: d.id, projectId: kassel, amountCents: d.amountCents, date: d.date, budgetYear: 2022 }),
      })),
    );
  });

  it('a reversal dry run applies the single routes’ rules row by row (earlier rows of the file count) and writes nothing', async () => {
    const commitmentId = (await funding()).commitments[0].id as number;
    const csv = [
      REVERSALS,
      'ST-1;disbursement;BK-1;;2022-05-02;50.000,00;Fehlbuchung',
      'ST-2;disbursement;BK-1;;2022-05-03;250.000,00;Rest und mehr', // 200 000 € left after ST-1
      `ST-3;commitment;;${commitmentId};2022-08-01;900.000,00;Teilaufhebung`, // 300 000 € disbursed stay uncovered
      'ST-4;disbursement;BK-404;;2022-05-02;1,00;unbekannt',
      'ST-5;commitment;;999999;2022-05-02;1,00;keine Zusage',
      'ST-6;disbursement;BK-2;;2022-06-01;1,00;vor dem Abruf',
      'ST-7;disbursement;BK-2;;2022-08-01;1,00;',
      'ST-8;Rückzahlung;BK-2;;2022-08-01;1,00;falsche Art',
      'ST-9;disbursement;BK-2;7;2022-08-01;1,00;beides',
      'BK-2;disbursement;BK-1;;2022-08-01;1,00;Referenz eines Mittelabrufs',
    ].join('\n');
    const before = await tableCounts(t.dataSource);
    const dry = (await upload(csv, 'reversals', true).expect(200)).body as DryRun;
    expect(codes(dry)).toEqual([
      [3, 'amount_eur', 'FUNDING.REVERSAL_EXCEEDS_ORIGINAL'],
      [4, 'amount_eur', 'FUNDING.OVER_DISBURSED'],
      [5, 'original_ref', 'IMPORT.ORIGINAL_UNKNOWN'],
      [6, 'original_id', 'FUNDING.COMMITMENT_NOT_FOUND'],
      [7, 'date', 'FUNDING.REVERSAL_BEFORE_ORIGINAL'],
      [8, 'reason', 'IMPORT.VALUE_INVALID'],
      [9, 'original_type', 'IMPORT.VALUE_INVALID'],
      [10, 'original_id', 'IMPORT.VALUE_INVALID'],
      [11, 'external_ref', 'IMPORT.REF_IN_USE'],
    ]);
    expect({ rows: dry.rows, valid: dry.valid }).toEqual({ rows: 10, valid: 1 });
    expect(await tableCounts(t.dataSource)).toEqual(before);
    const run = await committed(csv.split('\n').slice(0, 7).join('\n'), 'reversals'); // the rows without a form error
    expect(run.status).toBe('failed');
    expect(run.error).toContain('FUNDING.REVERSAL_EXCEEDS_ORIGINAL');
    expect({ ...(await tableCounts(t.dataSource)), job_run: before.job_run }).toEqual(before);
  });

  it('a fixed reversal file commits once (by reference and by id, German types); uploading it again writes nothing', async () => {
    const commitmentId = (await funding()).commitments[0].id as number;
    const csv = [
      'Buchungsnummer;Ursprungsart;Ursprungsbuchung;Ursprungs-ID;Datum;Betrag;Grund',
      'ST-1;Mittelabruf;BK-1;;02.05.2022;50.000,00;Fehlbuchung',
      'ST-2;disbursement;BK-1;;2022-05-03;20.000,00;zweiter Teil',
      `ST-3;Zusage;;${commitmentId};2022-08-01;100.000,00;Teilaufhebung`,
    ].join('\r\n');
    const first = await committed(csv, 'reversals');
    expect({ status: first.status, error: first.error, ...first.result }).toEqual(
      expect.objectContaining({ status: 'completed', error: null, written: 3, alreadyPresent: 0 }),
    );
    const totals = await funding();
    expect(totals).toEqual(
      expect.objectContaining({
        committedCents: 100_000_000,
        disbursedCents: 28_000_000,
        reversedCommitmentCents: 10_000_000,
        reversedDisbursementCents: 7_000_000,
      }),
    );
    const before = await tableCounts(t.dataSource);
    const again = await committed(csv, 'reversals');
    expect(again.result).toEqual(expect.objectContaining({ written: 0, alreadyPresent: 3 }));
    expect(((await upload(csv, 'reversals', true).expect(200)).body as DryRun).alreadyPresent).toBe(3);
    expect({ ...(await tableCounts(t.dataSource)), job_run: before.job_run }).toEqual(before);
    expect(await funding()).toEqual(totals);
  });

  it('repayments: more than disbursed is a row error; a withdrawn project repays as on the single route; once per reference', async () => {
    const csv = [
      REPAYMENTS,
      'RZ-1;kassel;2023-02-15;12.500,00;2023;Rückforderung',
      'RZ-2;kassel;2023-02-16;300.000,00;2023;zu viel', // 280 000 € disbursed net, 12 500 € repaid by row 2
      'RZ-3;nirgendwo;2023-02-16;1,00;2023;unbekannt',
      'RZ-4;kassel;2023-02-16;1,00;;ohne Jahr',
      'ZB-1;kassel;2023-02-16;1,00;2023;eine Zusage trägt diese Referenz: anderes Buch, kein Konflikt',
      'BK-2;kassel;2023-02-16;1,00;2023;Referenz eines Mittelabrufs',
    ].join('\n');
    const before = await tableCounts(t.dataSource);
    const dry = (await upload(csv, 'repayments', true).expect(200)).body as DryRun;
    expect(codes(dry)).toEqual([
      [3, 'amount_eur', 'FUNDING.REPAYMENT_EXCEEDS_DISBURSED'],
      [4, 'project', 'IMPORT.PROJECT_UNKNOWN'],
      [5, 'budget_year', 'IMPORT.VALUE_INVALID'],
      [7, 'external_ref', 'IMPORT.REF_IN_USE'],
    ]);
    expect(await tableCounts(t.dataSource)).toEqual(before);
    const failed = await committed(csv.split('\n').slice(0, 3).join('\n'), 'repayments');
    expect(failed.error).toContain('FUNDING.REPAYMENT_EXCEEDS_DISBURSED');
    expect({ ...(await tableCounts(t.dataSource)), job_run: before.job_run }).toEqual(before);

    // The single route takes repayments of a withdrawn project (money comes back after a withdrawal): so does the import.
    await t.dataSource.query(`UPDATE project SET status = 'withdrawn' WHERE id = ${kassel}`);
    const good = [REPAYMENTS, 'RZ-1;kassel;2023-02-15;12.500,00;2023;Rückforderung', `RZ-5;${kassel};2023-03-01;0,50;2023;Zinsen`];
    const run = await committed(good.join('\n'), 'repayments');
    expect({ status: run.status, ...run.result }).toEqual(expect.objectContaining({ status: 'completed', written: 2, alreadyPresent: 0 }));
    expect((await funding()).repaidCents).toBe(1_250_050);
    const again = await committed(good.join('\n'), 'repayments');
    expect(again.result).toEqual(expect.objectContaining({ written: 0, alreadyPresent: 2 }));
    expect((await funding()).repaidCents).toBe(1_250_050);
  });

  it('serves reversal and repayment templates in both formats, read without a form error', async () => {
    for (const kind of ['reversals', 'repayments']) {
      for (const format of ['csv', 'xlsx']) {
        const res = await t.http
          .get(`/api/v1/imports/templates/${kind}.${format}`)
          .set('Authorization', officer)
          .buffer(true)
          .parse(binary as never)
          .expect(200);
        const dry = (
          await t.http
            .post('/api/v1/imports')
            .set('Authorization', officer)
            .field('kind', kind)
            .attach('file', res.body as Buffer, `x.${format}`)
            .expect(200)
        ).body as DryRun;
        expect(dry.rows).toBeGreaterThan(0);
        expect(dry.errors.filter((e) => e.code === 'IMPORT.VALUE_INVALID')).toEqual([]);
      }
    }
  });

  it('reads every project’s ledger at once as FundingGuard.ledger reads each (commitments, disbursements, reversals, repayments)', async () => {
    const guard = t.app.get(FundingGuard, { strict: false });
    const projects = ((await t.dataSource.query('SELECT id FROM project ORDER BY id')) as { id: number | string }[]).map((p) =>
      Number(p.id),
    );
    const sorted = (entries: readonly { date: string; amountCents: number }[]) =>
      entries
        .map((e) => ({ date: e.date, amountCents: e.amountCents }))
        .sort((a, b) => a.date.localeCompare(b.date) || a.amountCents - b.amountCents);
    const all = await ledgersOf(t.dataSource.manager, [...projects, 999_999]);
    expect(sorted(all.get(kassel)?.disbursements ?? []).length).toBeGreaterThan(2); // BK-1, BK-2, the reversals and repayments above
    expect(all.get(999_999)).toEqual({ commitments: [], disbursements: [] });
    for (const id of projects) {
      const one = await guard.ledger(t.dataSource.manager, id);
      const many = all.get(id);
      expect({ id, commitments: sorted(many?.commitments ?? []), disbursements: sorted(many?.disbursements ?? []) }).toEqual({
        id,
        commitments: sorted(one.commitments),
        disbursements: sorted(one.disbursements),
      });
    }
  });
});
