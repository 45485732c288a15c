import { stringify } from 'csv-stringify/sync';
import { centsToDecimal } from '../../common/money-format';
import { guardFormula } from '../export-format';
import type { EntryBatch, EntryColumnIndex } from '../export-source';
import { transactionRow } from '../export-source';
import type { ExportMeta, ProjectRow } from '../export.model';
import { emptyTally, entryCode, entryLabel } from '../export.model';
import type { CsvDialect } from '../../jobs/job-catalogue';
import { CsvWriter } from './csv.writer';

/** Text that needs every rule: separators of both dialects, quotes, line breaks, formula starts, umlauts, and plain text. */
const TEXTS = ['Bamberg', 'Köln; Bonn', 'a,b', 'Sag "Ja"', 'zwei\nZeilen', 'CR\rhier', '=SUMME(A1)', '-1', '+x', '@y', '\tTab', ''];

const meta = (csvDialect: CsvDialect, rows: 'projects' | 'transactions'): ExportMeta => ({
  programme: { code: 'MPSC', name: 'Modellprojekte Smart Cities', budgetCents: 0, currency: 'EUR' },
  filters: { round: null, category: null, state: null, scope: null },
  format: 'csv',
  rows,
  csvDialect,
  dataAsOf: new Date('2026-11-27T10:00:00Z'),
  summary: {
    totals: { ...emptyTally(), projectCount: 2, grantedCents: 12_345, committedCents: -7, disbursedCents: 1_000_000_001 },
    byRound: [],
    byCategory: [],
    byState: [],
    commitmentCount: 3,
    disbursementCount: 2,
  },
  categoryNames: new Map([['GROSSSTADT', 'Großstädte; über 100 000']]),
  stateNames: new Map(),
});

async function written(writer: CsvWriter, write: () => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  writer.output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => writer.output.on('end', resolve));
  await writer.begin();
  await write();
  await writer.end();
  await ended;
  return Buffer.concat(chunks);
}

/** What the writer produced when csv-stringify wrote its records (same cells, same options). */
function byCsvStringify(dialect: CsvDialect, records: (string | number)[][]): Buffer {
  const german = dialect === 'excel-de';
  const text = stringify(records, { bom: german, delimiter: german ? ';' : ',', record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return Buffer.from(text, 'utf8');
}

// Columns in another order than ENTRY_COLUMNS, as a query builder may select them.
const NAMES = ['amount_cents', 'slug', 'id', 'kind', 'name', 'date', 'phase', 'project_id', 'budget_year'];
const at = (type: 'commitment' | 'disbursement') =>
  Object.fromEntries(NAMES.map((n, i) => [n, type === 'disbursement' && n === 'phase' ? -1 : i])) as EntryColumnIndex;

function entryBatches(): EntryBatch[] {
  const kinds = { commitment: ['commitment', 'reversal'], disbursement: ['disbursement', 'reversal', 'repayment'] } as const;
  return (['commitment', 'disbursement'] as const).map((type) => ({
    type,
    at: at(type),
    rows: TEXTS.map((text, i) => {
      const amount = [846_237_750, -5, 7, 0, 100, -123_456][i % 6];
      const date = i % 2 ? '2021-03-15' : new Date(2022, 0, 3 + i); // SQLite: text; PostgreSQL: a Date at local midnight
      const phase = type === 'commitment' ? (i % 3 ? 'A' : text) : null;
      return [amount, `slug-${text}`, i + 1, kinds[type][i % kinds[type].length], text, date, phase, 42, 2021 + (i % 3)];
    }),
  }));
}

describe.each(['excel-de', 'rfc4180'] as const)('CSV writer (%s): the bytes csv-stringify wrote', (dialect) => {
  const german = dialect === 'excel-de';
  const text = (value: string | null) => (value === null ? '' : german ? guardFormula(value) : value);
  const money = (cents: number) => centsToDecimal(cents, german ? ',' : '.');

  it('for entries, from the driver’s arrays (entries()) and from row objects (transactions()) alike', async () => {
    const batches = entryBatches();
    const records = batches.flatMap((batch) =>
      batch.rows
        .map(transactionRow(batch))
        .map((t) => [
          text(t.projectSlug),
          text(t.projectName),
          german ? entryLabel(t) : entryCode(t),
          t.date,
          t.phase ?? '',
          t.budgetYear,
          money(t.amountCents),
        ]),
    );
    const m = meta(dialect, 'transactions');
    const fromArrays = new CsvWriter(m);
    const arrays = await written(fromArrays, async () => {
      for (const batch of batches) await fromArrays.entries(batch);
    });
    const fromObjects = new CsvWriter(m);
    const objects = await written(fromObjects, async () => {
      for (const batch of batches) await fromObjects.transactions(batch.rows.map(transactionRow(batch)));
    });
    const header = german
      ? ['Projekt-Slug', 'Projekt', 'Art', 'Datum', 'Phase', 'Haushaltsjahr', 'Betrag (EUR)']
      : ['project_slug', 'project_name', 'type', 'date', 'phase', 'budget_year', 'amount_eur'];
    const totals = german
      ? [
          ['', 'Summe Bewilligungen (3 Buchungen)', 'Bewilligung', '', '', '', '-0,07'],
          ['', 'Summe Auszahlungen (2 Buchungen)', 'Auszahlung', '', '', '', '10000000,01'],
        ]
      : [
          ['', 'TOTAL commitments (3 entries)', 'commitment', '', '', '', '-0.07'],
          ['', 'TOTAL disbursements (2 entries)', 'disbursement', '', '', '', '10000000.01'],
        ];
    const expected = byCsvStringify(dialect, [header, ...records, ...totals]);
    expect(arrays.toString('utf8')).toBe(expected.toString('utf8'));
    expect(arrays.equals(expected)).toBe(true);
    expect(objects.equals(expected)).toBe(true);
    expect(arrays.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(german);
  });

  it('for projects, totals row included', async () => {
    const projects: ProjectRow[] = TEXTS.map((t, i) => ({
      id: i + 1,
      slug: `p-${t}`,
      name: t,
      round: { number: 1 + (i % 3), year: 2019 + (i % 3) },
      category: i % 2 ? 'GROSSSTADT' : 'KLEINSTADT',
      states: i % 2 ? ['DE-BY'] : ['DE-BE', 'DE-BB'],
      lead: i % 4 ? t : null,
      grantCents: i % 5 ? 1_750_000_000 + i : null,
      grantUncertain: i % 3 === 0,
      committedCents: i * 101,
      disbursedCents: -i,
      repaidCents: 0,
      reportedSpendCents: 99,
      remainingCents: 1_000_000 - i,
    }));
    const m = meta(dialect, 'projects');
    const writer = new CsvWriter(m);
    const bytes = await written(writer, () => writer.projects(projects));
    const lines = bytes.toString('utf8').split('\r\n');
    const expected = byCsvStringify(
      dialect,
      projects.map((p) => [
        text(p.slug),
        text(p.name),
        p.round.number,
        p.round.year,
        german ? text(m.categoryNames.get(p.category) ?? p.category) : p.category,
        p.states.join(', '),
        text(p.lead),
        p.grantCents === null ? '' : money(p.grantCents),
        p.grantCents === null ? '' : german ? (p.grantUncertain ? 'ja' : 'nein') : String(p.grantUncertain),
        money(p.committedCents),
        money(p.disbursedCents),
        money(p.repaidCents),
        money(p.reportedSpendCents),
        money(p.remainingCents),
      ]),
    )
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    // Header first, the rows as csv-stringify wrote them, then the totals row (its label holds the separator in excel-de: quoted).
    expect(`${lines.slice(1, 1 + projects.length).join('\r\n')}\r\n`).toBe(expected);
    const total = lines[lines.length - 2];
    expect(total.startsWith(german ? ';"Summe: 2 Projekte; ' : ',"TOTAL: 2 projects; ')).toBe(true);
    expect(total.endsWith(german ? ';123,45;;-0,07;10000000,01;0,00;0,00;0,00' : ',123.45,,-0.07,10000000.01,0.00,0.00,0.00')).toBe(true);
    expect(lines[lines.length - 1]).toBe('');
  });
});

describe('CSV writer: large exports', () => {
  it('hands text to the output in pieces of about 64 KiB, not a chunk per record', async () => {
    const batch: EntryBatch = {
      type: 'disbursement',
      at: at('disbursement'),
      rows: Array.from({ length: 5000 }, (_, i) => [i, 'slug', i + 1, 'disbursement', 'Name', '2022-01-03', null, 1, 2022]),
    };
    const writer = new CsvWriter(meta('rfc4180', 'transactions'));
    const sizes: number[] = [];
    writer.output.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    const ended = new Promise((resolve) => writer.output.on('end', resolve));
    await writer.begin();
    await writer.entries(batch);
    await writer.end();
    await ended;
    expect(sizes.length).toBeLessThan(10);
    expect(sizes.slice(0, -1).every((n) => n >= 64 * 1024)).toBe(true);
  });

  it('refuses to go on once the output was destroyed (the file failed)', async () => {
    const writer = new CsvWriter(meta('rfc4180', 'transactions'));
    writer.output.resume();
    writer.output.on('error', () => undefined); // the file's pipeline listens in a run
    await writer.begin();
    writer.output.destroy(new Error('disk full'));
    const big = Array.from({ length: 2000 }, (_, i) => [i, 's'.repeat(40), i + 1, 'disbursement', 'N', '2022-01-03', null, 1, 2022]);
    await expect(writer.entries({ type: 'disbursement', at: at('disbursement'), rows: big })).rejects.toThrow('disk full');
  });
});
