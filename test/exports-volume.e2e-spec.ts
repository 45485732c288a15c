import ExcelJS from 'exceljs';
import { Body } from '../src/bodies/body.entity';
import type { JobContext } from '../src/jobs/job-catalogue';
import { Commitment } from '../src/funding/commitment.entity';
import { Disbursement } from '../src/funding/disbursement.entity';
import { ENTRY_BATCH_SIZE, ExportSource } from '../src/exports/export-source';
import { ExportJobHandler } from '../src/exports/export.handler';
import { Project } from '../src/projects/project.entity';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { decimalToCents, exportFile, parseCsv } from './support/exports';
import { projectId } from './support/funding';
import { freezeClock } from './support/reports';
import type { TestApp } from './support/test-app';
import { createTestApp, usingPostgres } from './support/test-app';

const COMMITMENTS = 2_500;
const DISBURSEMENTS = 2_100;

/** Entries inserted directly, 500 per statement: thousands of API calls would test the API, not the export. */
async function insertEntries(t: TestApp, project: number, commitments: number, disbursements: number): Promise<void> {
  for (let from = 0; from < commitments; from += 500) {
    const rows = Array.from({ length: Math.min(500, commitments - from) }, (_, i) => ({
      projectId: project,
      amountCents: from + i + 1,
      date: '2021-03-15',
      phase: 'A' as const,
      budgetYear: 2021,
      note: null,
      createdById: null,
    }));
    await t.dataSource.getRepository(Commitment).insert(rows);
  }
  for (let from = 0; from < disbursements; from += 500) {
    const rows = Array.from({ length: Math.min(500, disbursements - from) }, () => ({
      projectId: project,
      amountCents: 1,
      date: '2022-01-03',
      budgetYear: 2022,
      note: null,
      createdById: null,
    }));
    await t.dataSource.getRepository(Disbursement).insert(rows);
  }
}

/** Watches the handler's progress reports (and can act between them) without changing what it does. */
function onProgress(t: TestApp, listener: (percent: number) => Promise<void> | void): jest.SpyInstance {
  const handler = t.app.get(ExportJobHandler);
  const run = handler.run.bind(handler);
  return jest.spyOn(handler, 'run').mockImplementation((context: JobContext<'export'>) =>
    run({
      ...context,
      progress: async (percent: number) => {
        await listener(percent);
        return context.progress(percent);
      },
    }),
  );
}

describe('exports at volume', () => {
  let t: TestApp;
  let officer: Account;
  let berlin: number;

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
    freezeClock(t, '2026-11-27T10:00:00.000Z');
    berlin = await projectId(t, 'berlin');
    await insertEntries(t, berlin, COMMITMENTS, DISBURSEMENTS);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const funding = async () => (await t.http.get(`/api/v1/projects/${berlin}/funding`).set('Authorization', officer.auth).expect(200)).body;

  it(`reads entries in keyset batches of ${ENTRY_BATCH_SIZE}: each exactly once, in order, adding up to the funding, with progress along the way`, async () => {
    expect(COMMITMENTS).toBeGreaterThan(ENTRY_BATCH_SIZE);
    const seen: number[] = [];
    onProgress(t, (percent) => {
      seen.push(percent);
    });
    const { run, bytes } = await exportFile(t, officer.auth, { format: 'csv', csvDialect: 'rfc4180', rows: 'transactions' });
    const rows = parseCsv(bytes, 'rfc4180')
      .slice(1)
      .filter((r) => r[0] !== '');
    expect(rows).toHaveLength(COMMITMENTS + DISBURSEMENTS);
    const amounts = rows.filter((r) => r[2] === 'commitment').map((r) => decimalToCents(r[6], '.') as number);
    // Every commitment 1..2500 cents exactly once, in the order recorded.
    expect(amounts).toEqual(Array.from({ length: COMMITMENTS }, (_, i) => i + 1));
    const { committedCents, disbursedCents } = await funding();
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(committedCents);
    expect(rows.filter((r) => r[2] === 'disbursement')).toHaveLength(DISBURSEMENTS);
    expect(DISBURSEMENTS).toBe(disbursedCents);
    expect(run.result).toMatchObject({
      rowCount: COMMITMENTS + DISBURSEMENTS,
      totals: { commitmentCount: COMMITMENTS, disbursementCount: DISBURSEMENTS },
    });

    // Progress after the totals, then after each batch of rows, rising to the end.
    expect(seen[0]).toBe(5);
    expect(seen.length).toBeGreaterThanOrEqual(1 + Math.ceil(COMMITMENTS / ENTRY_BATCH_SIZE) + Math.ceil(DISBURSEMENTS / ENTRY_BATCH_SIZE));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((p) => p > 5 && p < 95)).toBe(true);
    expect(seen[seen.length - 1]).toBe(95);
    expect(run.progress).toBe(100);

    const json = JSON.parse((await exportFile(t, officer.auth, { format: 'json', rows: 'transactions' })).bytes.toString('utf8'));
    const ids = json.transactions.filter((e: any) => e.type === 'disbursement').map((e: any) => e.id);
    expect(new Set(ids).size).toBe(DISBURSEMENTS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  describe('each batch walks the primary key from the last id, whatever the filter (no sort of the whole selection per batch)', () => {
    const PG_EXTRA = 100_000;
    let before = 0;
    beforeAll(async () => {
      // PostgreSQL rightly sorts a small table; it has to walk the index once there are many entries (and statistics).
      if (!usingPostgres) return;
      before = Number((await t.dataSource.query('SELECT MAX(id) AS m FROM commitment'))[0].m);
      await t.dataSource.query(
        `INSERT INTO commitment (project_id, amount_cents, date, phase, budget_year) SELECT $1, 1, '2021-03-15', 'A', 2021 FROM generate_series(1, ${PG_EXTRA})`,
        [berlin],
      );
      await t.dataSource.query('ANALYZE');
    });
    afterAll(async () => {
      if (!usingPostgres) return;
      await t.dataSource.query('DELETE FROM commitment WHERE id > $1', [before]);
      await t.dataSource.query('ANALYZE');
    });

    // A municipality's scope is left out on purpose: its few projects are the right place to start from.
    it.each([[{}], [{ round: 2 }], [{ category: 'GROSSSTADT' }], [{ state: 'DE-HE' }]])('%j', async (filter) => {
      let plan = '';
      await t.app.get(ExportSource).open({ format: 'csv', rows: 'transactions', scopeBodyId: null, ...filter }, async (reader) => {
        const [sql, parameters] = reader.entryBatchQuery(t.dataSource.manager, 'commitment', 1000).getQueryAndParameters();
        const rows: Record<string, string>[] = await t.dataSource.query(
          `${usingPostgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`,
          parameters,
        );
        plan = rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
      });
      if (usingPostgres) {
        expect(plan).toMatch(/Index Scan using "?PK_\w+"? on commitment e/);
        expect(plan).not.toMatch(/Sort/);
      } else {
        expect(plan.split('\n')[0]).toMatch(/^SEARCH e USING INTEGER PRIMARY KEY \(rowid>\?\)/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    });
  });

  /** Records a commitment of 10 000 € right after the export read what it starts from (progress 5), before the first row. */
  function commitDuringExport(): void {
    let inserted = false;
    onProgress(t, async (percent) => {
      if (percent === 5 && !inserted) {
        inserted = true;
        await t.dataSource.getRepository(Commitment).insert({
          projectId: berlin,
          amountCents: 1_000_000,
          date: '2021-06-01',
          phase: 'B',
          budgetYear: 2021,
          note: null,
          createdById: null,
        });
      }
    });
  }

  it('never writes a file whose rows disagree with its totals when funding is recorded during the export', async () => {
    commitDuringExport();
    const { run, bytes } = await exportFile(t, officer.auth, { format: 'csv', rows: 'transactions' });
    const [, ...rest] = parseCsv(bytes, 'excel-de');
    const commitments = rest.filter((r) => r[0] !== '' && r[2] === 'Bewilligung').map((r) => decimalToCents(r[6], ',') as number);
    const totalRow = rest.find((r) => r[0] === '' && r[2] === 'Bewilligung') as string[];
    expect(commitments.reduce((s, a) => s + a, 0)).toBe(decimalToCents(totalRow[6], ','));
    expect(totalRow[1]).toBe(`Summe Bewilligungen (${commitments.length} Buchungen)`);
    // The entries as they stood when the export started, in one attempt, on both databases (PostgreSQL: its
    // snapshot; SQLite: the entries up to the last id read first); the commitment recorded meanwhile is not in it.
    expect(run.attempts).toBe(1);
    expect(commitments).not.toContain(1_000_000);
    expect((await funding()).committedCents).toBe(commitments.reduce((s, a) => s + a, 0) + 1_000_000);
    expect(run.result).toMatchObject({ totals: { commitmentCount: commitments.length, committedCents: decimalToCents(totalRow[6], ',') } });
  });

  it('a JSON of entries, whose totals come before its rows, is written again when funding is recorded between them (SQLite)', async () => {
    const before = (await funding()).committedCents;
    commitDuringExport();
    const { run, bytes } = await exportFile(t, officer.auth, { format: 'json', rows: 'transactions' });
    const json = JSON.parse(bytes.toString('utf8'));
    const sum = json.transactions
      .filter((e: any) => e.type === 'commitment')
      .reduce((s: number, e: any) => s + (e.amountCents as number), 0);
    expect(sum).toBe(json.totals.committedCents);
    expect((await funding()).committedCents).toBe(before + 1_000_000);
    if (usingPostgres) {
      // One REPEATABLE READ snapshot: the file is the state before the write, in one attempt.
      expect(run.attempts).toBe(1);
      expect(sum).toBe(before);
    } else {
      // SQLite reads batch by batch: the check sees the change, and the retry writes the new state.
      expect(run.attempts).toBe(2);
      expect(sum).toBe(before + 1_000_000);
    }
  });

  it('keeps formula-looking text from running in Excel (excel-de), and verbatim for scripts (rfc4180) and in XLSX text cells', async () => {
    const nasty = '=HYPERLINK("http://evil.example","klick")';
    const project = await t.dataSource.getRepository(Project).findOneByOrFail({ slug: 'solingen' });
    await t.dataSource.getRepository(Project).update({ id: project.id }, { name: nasty });
    await t.dataSource.getRepository(Body).update({ id: project.leadBodyId as number }, { name: '@SUMME(A1)' });

    const german = parseCsv((await exportFile(t, officer.auth, { format: 'csv' })).bytes, 'excel-de').find(
      (r) => r[0] === 'solingen',
    ) as string[];
    expect([german[1], german[6]]).toEqual([`'${nasty}`, "'@SUMME(A1)"]);
    const scripts = parseCsv((await exportFile(t, officer.auth, { format: 'csv', csvDialect: 'rfc4180' })).bytes, 'rfc4180').find(
      (r) => r[0] === 'solingen',
    ) as string[];
    expect([scripts[1], scripts[6]]).toEqual([nasty, '@SUMME(A1)']);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportFile(t, officer.auth, { format: 'xlsx' })).bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Projekte') as ExcelJS.Worksheet;
    let cell: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'solingen') cell = row.getCell(2);
    });
    expect(cell?.type).toBe(ExcelJS.ValueType.String);
    expect(cell?.value).toBe(nasty);
  });
});
