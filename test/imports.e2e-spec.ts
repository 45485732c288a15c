import ExcelJS from 'exceljs';
import { createAccount } from './support/accounts';
import { binary, type DryRun } from './support/imports';
import { finishedJob } from './support/jobs';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

const HEADER = 'external_ref;project;date;amount_eur;budget_year;note';

async function xlsx(rows: (string | number | { formula: string })[][], macro = false): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Buchungen');
  for (const row of rows) sheet.addRow(row);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return macro ? Buffer.concat([bytes, Buffer.from('xl/vbaProject.bin')]) : bytes;
}

describe('Bulk import: dry run with row errors, commit all or nothing, re-upload writes nothing twice', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null, imports: { maxBytes: 256 * 1024, maxRows: 500 } });
    officer = (await createAccount(t, 'officer', 'office@bund.example')).auth;
    await createAccount(t, 'auditor', 'audit@brh.example');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, kind: string, dryRun: boolean, name = 'bank.csv') =>
    t.http
      .post('/api/v1/imports')
      .set('Authorization', officer)
      .field('kind', kind)
      .field('dryRun', String(dryRun))
      .attach('file', bytes, name);

  async function committed(bytes: Buffer, kind: string, name?: string) {
    const res = await upload(bytes, kind, false, name).expect(202);
    return finishedJob<{ status: string; result: { written: number; alreadyPresent: number }; error: string | null }>(
      t.http,
      officer,
      res.body.id,
    );
  }

  it('a commitment file in German Excel (Windows-1252, ;, decimal comma, thousands dots) is read and committed', async () => {
    const csv = [
      'external_ref;project;date;amount_eur;phase;budget_year;note',
      'ZB-1;kassel;15.03.2021;1.100.000,00;B;2021;Bescheid für Kassel',
      'ZB-2;darmstadt;2021-03-16;1.000.000;B;;Zuwendungsbescheid Gießen',
    ];
    const cp1252 = Buffer.from(csv.join('\r\n'), 'latin1'); // ü, ß, Gießen: single bytes as German Excel writes them
    const dry = (await upload(cp1252, 'commitments', true).expect(200)).body as DryRun;
    expect(dry).toEqual({ rows: 2, valid: 2, alreadyPresent: 0, errors: [] });
    const run = await committed(cp1252, 'commitments');
    expect(run).toEqual(
      expect.objectContaining({ status: 'completed', result: expect.objectContaining({ written: 2, alreadyPresent: 0 }) }),
    );
    const funding = (await t.http.get('/api/v1/projects/kassel').expect(200)).body;
    const summary = (await t.http.get(`/api/v1/projects/${funding.id}/funding`).set('Authorization', officer).expect(200)).body;
    expect(summary.committedCents).toBe(110_000_000);
    expect(summary.commitments[0].note).toBe('Bescheid für Kassel');
  });

  it('a dry run lists every problem by row and column, with the funding rules, and writes nothing', async () => {
    await t.dataSource.query(`UPDATE project SET name = 'Doppelt' WHERE slug IN ('ulm', 'solingen')`);
    const csv = [
      HEADER,
      'BK-1;kassel;2022-04-01;250.000,00;2022;erste Rate',
      'BK-2;nowhere;2022-04-01;1,00;2022;',
      'BK-3;Doppelt;2022-04-01;1,00;2022;',
      'BK-1;kassel;2022-05-01;1,00;2022;doppelte Buchung',
      'BK-4;kassel;31.02.2022;1,00;2022;',
      'BK-5;kassel;2022-06-01;900.000,00;2022;zu viel',
      'BK-6;kassel;2020-01-01;1,00;2020;vor der Zusage',
      'BK-7;kassel;2022-06-01;12,345;2022;',
    ].join('\n');
    const before = await tableCounts(t.dataSource);
    const dry = (await upload(Buffer.from(`\ufeff${csv}`), 'disbursements', true).expect(200)).body as DryRun;
    expect(dry.rows).toBe(8);
    expect(dry.valid).toBe(1);
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'project', 'IMPORT.PROJECT_UNKNOWN'],
      [4, 'project', 'IMPORT.PROJECT_AMBIGUOUS'],
      [5, 'external_ref', 'IMPORT.DUPLICATE_REF'],
      [6, 'date', 'IMPORT.VALUE_INVALID'],
      [7, 'amount_eur', 'FUNDING.OVER_DISBURSED'],
      [8, 'date', 'FUNDING.BEFORE_COMMITMENT'],
      [9, 'amount_eur', 'IMPORT.VALUE_INVALID'],
    ]);
    expect(await tableCounts(t.dataSource)).toEqual(before);
    // A commit of the same file is refused as a whole: the run fails, nothing written.
    const run = await committed(
      Buffer.from(
        csv
          .split('\n')
          .filter((l) => !l.includes('31.02.') && !l.includes('12,345') && !l.includes('doppelte'))
          .join('\n'),
      ),
      'disbursements',
    );
    expect(run.status).toBe('failed');
    expect(run.error).toContain('IMPORT.PROJECT_UNKNOWN');
    const after = await tableCounts(t.dataSource);
    expect({ ...after, job_run: before.job_run }).toEqual(before);
  });

  it('a fixed file commits once; uploading it again writes nothing and says so', async () => {
    const csv = [HEADER, 'BK-10;kassel;2022-04-01;250.000,00;2022;erste Rate', 'BK-11;kassel;2022-07-01;100.000,50;2022;zweite Rate'].join(
      '\r\n',
    );
    const first = await committed(Buffer.from(csv), 'disbursements');
    expect(first.error).toBeNull();
    expect(first.result).toEqual(expect.objectContaining({ written: 2, alreadyPresent: 0 }));
    const before = await tableCounts(t.dataSource);
    const again = await committed(Buffer.from(csv), 'disbursements');
    expect(again.result).toEqual(expect.objectContaining({ written: 0, alreadyPresent: 2 }));
    expect(((await upload(Buffer.from(csv), 'disbursements', true).expect(200)).body as DryRun).alreadyPresent).toBe(2);
    expect({ ...(await tableCounts(t.dataSource)), job_run: before.job_run }).toEqual(before);
  });

  it('skips blank rows and rows of separators only (as Excel saves emptied rows), and names each row as the sheet numbers it', async () => {
    const csv = [HEADER, 'BK-30;kassel;2022-08-01;1,00;2022;', '', ';;;;;', 'BK-31;kassel;31.02.2022;1,00;2022;'].join('\r\n');
    const dry = (await upload(Buffer.from(csv), 'disbursements', true).expect(200)).body as DryRun;
    expect({ rows: dry.rows, valid: dry.valid }).toEqual({ rows: 2, valid: 1 });
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([[5, 'date', 'IMPORT.VALUE_INVALID']]);
  });

  it('reads RFC 4180 CSV and XLSX; refuses formula cells by row', async () => {
    const rfc = ['external_ref,project,date,amount_eur,budget_year', 'BK-20,kassel,2022-08-01,"1,234.56",2022'].join('\r\n');
    expect(((await upload(Buffer.from(rfc), 'disbursements', true).expect(200)).body as DryRun).errors).toEqual([]);
    const sheet = await xlsx([
      ['external_ref', 'project', 'date', 'amount_eur', 'budget_year'],
      ['BK-21', 'kassel', '2022-08-01', 1234.56, 2022],
      ['BK-22', 'kassel', '2022-08-02', { formula: 'D2*2' }, 2022],
    ]);
    const dry = (await upload(sheet, 'disbursements', true, 'bank.xlsx').expect(200)).body as DryRun;
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'amount_eur', 'IMPORT.FORMULA_REFUSED']]);
  });

  it('refuses bad files with a clear 4xx and writes nothing', async () => {
    const before = await tableCounts(t.dataSource);
    const good = await xlsx([['external_ref', 'project', 'date', 'amount_eur', 'budget_year']]);
    const cases: [Buffer, string, number, string][] = [
      [good.subarray(0, good.length / 2), 'x.xlsx', 400, 'IMPORT.FILE_UNREADABLE'],
      [await xlsx([['a']], true), 'x.xlsm', 400, 'IMPORT.MACROS_REFUSED'],
      [Buffer.alloc(0), 'x.csv', 400, 'IMPORT.FILE_UNREADABLE'],
      [Buffer.from('external_ref;project\nBK;kassel'), 'x.csv', 400, 'IMPORT.COLUMNS_MISSING'],
      [Buffer.from(`${HEADER}\n"BK;kassel;2022-01-01;1;2022`), 'x.csv', 400, 'IMPORT.FILE_UNREADABLE'],
      [
        Buffer.from([HEADER, ...Array.from({ length: 501 }, (_, i) => `R${i};kassel;2022-01-01;1;2022;`)].join('\n')),
        'x.csv',
        400,
        'IMPORT.TOO_MANY_ROWS',
      ],
      [Buffer.alloc(300 * 1024, 'a'), 'x.csv', 413, 'IMPORT.FILE_TOO_LARGE'],
    ];
    for (const [bytes, name, status, code] of cases) {
      for (const dryRun of [true, false]) {
        const res = await upload(bytes, 'disbursements', dryRun, name);
        expect({ name, dryRun, status: res.status, code: res.body.code }).toEqual({ name, dryRun, status, code });
      }
    }
    const noFile = await t.http.post('/api/v1/imports').set('Authorization', officer).field('kind', 'disbursements').expect(400);
    expect(noFile.body.details[0].field).toBe('file');
    const badKind = await upload(Buffer.from(HEADER), 'repayment', true).expect(400);
    expect(badKind.body.details[0].field).toBe('kind');
    await t.http.post('/api/v1/imports').set('Authorization', officer).send({ kind: 'disbursements' }).expect(400);
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('serves templates in both formats that a dry run accepts', async () => {
    for (const kind of ['commitments', 'disbursements']) {
      const csv = await t.http
        .get(`/api/v1/imports/templates/${kind}.csv`)
        .set('Authorization', officer)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const sheet = await t.http
        .get(`/api/v1/imports/templates/${kind}.xlsx`)
        .set('Authorization', officer)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      for (const [bytes, name] of [
        [csv.body, 'x.csv'],
        [sheet.body, 'x.xlsx'],
      ] as [Buffer, string][]) {
        const dry = (await upload(bytes, kind, true, name).expect(200)).body as DryRun;
        expect({ kind, name, rows: dry.rows, codes: dry.errors.map((e) => e.code) }).toEqual({ kind, name, rows: 1, codes: [] });
      }
    }
    await t.http.get('/api/v1/imports/templates/other.pdf').set('Authorization', officer).expect(400);
  });
});
