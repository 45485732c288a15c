import ExcelJS from 'exceljs';
import type { Account } from './support/accounts';
import { exportFile, germanAmount, pdfText } from './support/exports';
import type { Expected } from './support/export-fixtures';
import { exportFixtures, total } from './support/export-fixtures';
import { disburse, projectId, repay, reverse } from './support/funding';
import type { TestApp } from './support/test-app';

/**
 * Repayments as their own column in the group tables (issue 12, item 2): the XLSX group sheets and the PDF group
 * tables show Rückzahlungen beside Ausgezahlt. What each group must hold is worked out here from the entries this
 * spec and the fixture recorded, never from the code under test: net disbursed = disbursed − reversed − repaid.
 */
describe('exports: repayments in the group tables', () => {
  let t: TestApp;
  let officer: Account;
  let expected: Map<string, Expected>;
  /** Gross disbursements, their reversals and the repayments, per project slug, as recorded. */
  const ledger = new Map<string, { disbursed: number; reversed: number; repaid: number }>();
  const book = (slug: string, field: 'disbursed' | 'reversed' | 'repaid', cents: number) => {
    const entry = ledger.get(slug) ?? { disbursed: 0, reversed: 0, repaid: 0 };
    entry[field] += cents;
    ledger.set(slug, entry);
  };

  beforeAll(async () => {
    ({ t, officer, expected } = await exportFixtures());
    // What the fixture disbursed (test/support/export-fixtures.ts).
    book('kassel', 'disbursed', 123_456_789);
    book('kassel', 'disbursed', 7);
    book('darmstadt', 'disbursed', 50_000_000);

    const kassel = await projectId(t, 'kassel');
    const darmstadt = await projectId(t, 'darmstadt');
    const more = await disburse(t, officer.auth, darmstadt, { amountCents: 30_000_000, date: '2022-03-01', budgetYear: 2022 });
    expect(more.status).toBe(201);
    book('darmstadt', 'disbursed', 30_000_000);
    expect((await reverse(t, officer.auth, 'disbursements', more.body.id, { amountCents: 10_000_003, date: '2022-04-01' })).status).toBe(
      201,
    );
    book('darmstadt', 'reversed', 10_000_003);
    expect((await repay(t, officer.auth, kassel, { amountCents: 5_000_005, date: '2023-02-01' })).status).toBe(201);
    book('kassel', 'repaid', 5_000_005);
    expect((await repay(t, officer.auth, darmstadt, { amountCents: 1_000_001, date: '2023-03-01' })).status).toBe(201);
    book('darmstadt', 'repaid', 1_000_001);
  });
  afterAll(() => t.close());

  /** The repaid and net disbursed sums of some projects, from the recorded entries. */
  const expectedOf = (projects: Expected[]) => {
    const entries = projects.map((p) => ledger.get(p.slug) ?? { disbursed: 0, reversed: 0, repaid: 0 });
    return {
      repaid: total(entries.map((e) => e.repaid)),
      netDisbursed: total(entries.map((e) => e.disbursed - e.reversed - e.repaid)),
    };
  };
  const projectsOf = (filter: (p: Expected) => boolean) => [...expected.values()].filter(filter);
  const all = () => expectedOf([...expected.values()]);
  const cents = (value: unknown) => Math.round((value as number) * 100);

  it('XLSX: every group sheet has a Rückzahlungen column; rows add up to the total and net disbursed = disbursed − reversed − repaid', async () => {
    const { bytes } = await exportFile(t, officer.auth, { format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(all()).toEqual({ repaid: 6_000_006, netDisbursed: 123_456_796 + 80_000_000 - 10_000_003 - 6_000_006 });

    const sheets: [string, (key: unknown) => Expected[], boolean][] = [
      ['Runden', (n) => projectsOf((p) => p.round === n), true],
      ['Kategorien', (name) => projectsOf((p) => p.category === name), true],
      ['Länder', (code) => projectsOf((p) => p.states.includes(code as string)), false],
    ];
    for (const [name, members, partition] of sheets) {
      const sheet = workbook.getWorksheet(name) as ExcelJS.Worksheet;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      const paid = headers.indexOf('Ausgezahlt') + 1;
      const repaid = headers.indexOf('Rückzahlungen') + 1;
      expect(repaid).toBe(paid + 1);
      const keyColumn = name === 'Runden' ? 1 : 2;
      const rows: { repaid: number; netDisbursed: number }[] = [];
      let totalRow: ExcelJS.Row | undefined;
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        if (row.getCell(paid).value === null || row.getCell(paid).value === undefined) return; // the note under Länder
        if (/^(Summe|Gesamt)/.test(String(row.getCell(1).value))) {
          totalRow = row;
          return;
        }
        const key = row.getCell(keyColumn).value;
        expect(row.getCell(repaid).numFmt).toBe('#,##0.00 "€"');
        const seen = { repaid: cents(row.getCell(repaid).value), netDisbursed: cents(row.getCell(paid).value) };
        // Runden keys by number (column 1), Kategorien by code and Länder by ISO code (column 2).
        expect(seen).toEqual(expectedOf(members(key)));
        rows.push(seen);
      });
      expect(totalRow?.font?.bold).toBe(true);
      expect({ repaid: cents(totalRow?.getCell(repaid).value), netDisbursed: cents(totalRow?.getCell(paid).value) }).toEqual(all());
      if (partition) {
        expect(total(rows.map((r) => r.repaid))).toBe(all().repaid);
        expect(total(rows.map((r) => r.netDisbursed))).toBe(all().netDisbursed);
      }
    }
  });

  it('PDF: the tables by round, category and Land show Rückzahlungen beside Ausgezahlt, adding up to the total', async () => {
    // The fixture read the API before this spec booked more: refresh what the API says of the two projects.
    for (const slug of ['kassel', 'darmstadt']) {
      const p = expected.get(slug) as Expected;
      const funding = (await t.http.get(`/api/v1/projects/${p.id}/funding`).set('Authorization', officer.auth).expect(200)).body;
      expect({ repaid: funding.repaidCents, netDisbursed: funding.disbursedCents }).toEqual(expectedOf([p]));
    }
    const { bytes } = await exportFile(t, officer.auth, { format: 'pdf' });
    const pages = (await pdfText(bytes)).split('\f').filter((p) => p.trim() !== '');
    const tables = pages[1];
    expect(tables).toMatch(/Ausgezahlt € +Rückzahl\. €/);
    const amount = (cents: number) => germanAmount(cents).replace(/\./g, '\\.');
    const { repaid, netDisbursed } = all();
    const totals = new RegExp(`Summe .*${amount(netDisbursed)} +${amount(repaid)} `, 'g');
    expect(tables.match(totals)).toHaveLength(2);
    expect(tables).toMatch(new RegExp(`Gesamt \\(jedes Projekt einmal\\) .*${amount(netDisbursed)} +${amount(repaid)} `));

    // Round rows: each round's net disbursed and repaid, in that order, and the round rows add up.
    const rounds = [...new Set([...expected.values()].map((p) => p.round))].sort((a, b) => a - b);
    let repaidSum = 0;
    for (const n of rounds) {
      const ofRound = expectedOf(projectsOf((p) => p.round === n));
      const line = tables.split('\n').find((l) => new RegExp(`^\\s*${n} \\(\\d{4}\\) `).test(l)) as string;
      expect(line).toMatch(new RegExp(` ${amount(ofRound.netDisbursed)} +${amount(ofRound.repaid)} `));
      repaidSum += ofRound.repaid;
    }
    expect(repaidSum).toBe(repaid);
    // Hessen holds both Kassel and Darmstadt: its row carries both repayments.
    const hessen = tables.split('\n').find((l) => /^\s*Hessen /.test(l)) as string;
    const ofHessen = expectedOf(projectsOf((p) => p.states.includes('DE-HE')));
    expect(ofHessen.repaid).toBe(6_000_006);
    expect(hessen).toMatch(new RegExp(` ${amount(ofHessen.netDisbursed)} +${amount(ofHessen.repaid)} `));
  });
});
