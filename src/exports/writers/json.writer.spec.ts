import type { EntryBatch, EntryColumnIndex } from '../export-source';
import { transactionRow } from '../export-source';
import type { ExportMeta } from '../export.model';
import { emptyTally } from '../export.model';
import type { FormatWriter } from './format-writer';
import { JsonWriter } from './json.writer';

const meta: ExportMeta = {
  programme: { code: 'MPSC', name: 'Modellprojekte Smart Cities', budgetCents: 0, currency: 'EUR' },
  filters: { round: null, category: null, state: null, scope: null },
  format: 'json',
  rows: 'transactions',
  csvDialect: 'excel-de',
  dataAsOf: new Date('2026-11-27T10:00:00Z'),
  summary: { totals: emptyTally(), byRound: [], byCategory: [], byState: [], commitmentCount: 4, disbursementCount: 4 },
  categoryNames: new Map(),
  stateNames: new Map(),
};

const NAMES = ['name', 'amount_cents', 'id', 'kind', 'slug', 'date', 'phase', 'project_id', 'budget_year'];
const at = (type: 'commitment' | 'disbursement') =>
  Object.fromEntries(NAMES.map((n, i) => [n, type === 'disbursement' && n === 'phase' ? -1 : i])) as EntryColumnIndex;
const TEXTS = ['Bamberg', 'Sag "Ja"\n\\ und \u2028', 'Köln; Bonn', '\u0000\u001f'];

const batches = (): EntryBatch[] =>
  (['commitment', 'disbursement'] as const).map((type) => ({
    type,
    at: at(type),
    rows: TEXTS.map((text, i) => [
      text,
      [846_237_750, -5, 0, 1][i],
      i + 1,
      i % 2 ? 'reversal' : type,
      `slug-${i}`,
      i % 2 ? '2021-03-15' : new Date(2022, 0, 3),
      type === 'commitment' ? (i % 2 ? null : 'B') : null,
      String(10 + i), // PostgreSQL's bigint ids come as text
      2021,
    ]),
  }));

async function text(write: (writer: JsonWriter) => Promise<void>): Promise<string> {
  const writer = new JsonWriter(meta);
  const chunks: Buffer[] = [];
  writer.output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => writer.output.on('end', resolve));
  const w: FormatWriter = writer;
  await w.begin();
  await write(writer);
  await w.end();
  await ended;
  return Buffer.concat(chunks).toString('utf8');
}

describe('JSON writer: entries from the driver’s arrays', () => {
  it('writes exactly the text JSON.stringify writes for the row objects', async () => {
    const fromArrays = await text(async (w) => {
      for (const batch of batches()) await w.entries(batch);
    });
    const fromObjects = await text(async (w) => {
      for (const batch of batches()) await w.transactions(batch.rows.map(transactionRow(batch)));
    });
    expect(fromArrays).toBe(fromObjects);
    const parsed = JSON.parse(fromArrays);
    expect(parsed.transactions).toHaveLength(8);
    expect(parsed.transactions[1]).toEqual({
      type: 'commitment',
      kind: 'reversal',
      id: 2,
      projectId: 11,
      projectSlug: 'slug-1',
      projectName: TEXTS[1],
      date: '2021-03-15',
      phase: null,
      budgetYear: 2021,
      amountCents: -5,
    });
  });
});
