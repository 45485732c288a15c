import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { writeFileAtomically } from '../artifact-file';
import type { ExportMeta, TransactionRow } from '../export.model';
import { emptyTally } from '../export.model';
import type { FormatWriter } from './format-writer';
import { XlsxThreadWriter } from './xlsx-thread.writer';
import { XlsxWriter } from './xlsx.writer';

const meta: ExportMeta = {
  programme: { code: 'MPSC', name: 'Modellprojekte Smart Cities', budgetCents: 0, currency: 'EUR' },
  filters: { round: null, category: null, state: null, scope: null },
  format: 'xlsx',
  rows: 'transactions',
  csvDialect: 'excel-de',
  dataAsOf: new Date('2026-11-27T10:00:00Z'),
  summary: {
    totals: { ...emptyTally(), committedCents: 3_000, disbursedCents: -12 },
    byRound: [{ number: 1, year: 2019, ...emptyTally() }],
    byCategory: [{ code: 'GROSSSTADT', name: 'Großstädte', ...emptyTally() }],
    byState: [],
    commitmentCount: 3000,
    disbursementCount: 4,
  },
  categoryNames: new Map([['GROSSSTADT', 'Großstädte']]),
  stateNames: new Map([['DE-BE', 'Berlin']]),
};

const rows = (from: number, n: number): TransactionRow[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'commitment',
    kind: i % 7 ? 'commitment' : 'reversal',
    id: from + i,
    projectId: 1 + (i % 5),
    projectSlug: `projekt-${i % 5}`,
    projectName: `Projekt „${i % 5}“; =1+1`,
    date: '2021-03-15',
    phase: 'A',
    budgetYear: 2021,
    amountCents: from + i,
  }));

async function bytesOf(writer: FormatWriter): Promise<Buffer> {
  const chunks: Buffer[] = [];
  writer.output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => writer.output.on('end', resolve));
  await writer.begin();
  for (let from = 1; from <= 3000; from += 250) await writer.transactions(rows(from, 250));
  await writer.end();
  await ended;
  return Buffer.concat(chunks);
}

const exited = (writer: XlsxThreadWriter) =>
  new Promise<number>((resolve) => (writer as unknown as { worker: Worker }).worker.once('exit', resolve));

describe('XLSX writer in a worker thread', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'xlsx-thread-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Exit code 0: the worker ended by itself. A terminated worker exits with 1, and termination is what can abort
  // the whole process under Node 20 and 26 (see XlsxThreadWriter.stop).
  it('writes the same bytes as the writer in the main thread, and its worker ends by itself', async () => {
    const inProcess = await bytesOf(new XlsxWriter(meta));
    const threaded = new XlsxThreadWriter(meta);
    const stopped = exited(threaded);
    const bytes = await bytesOf(threaded);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.equals(inProcess)).toBe(true);
    expect(await stopped).toBe(0);
  });

  it('a failure in the worker fails the run with its message, ends the worker and leaves no file', async () => {
    const writer = new XlsxThreadWriter(meta);
    const stopped = exited(writer);
    const run = writeFileAtomically(dir, 'exports/1', 'x.xlsx', writer.output, async () => {
      await writer.begin();
      await writer.transactions(rows(1, 250));
      await writer.transactions(null as unknown as TransactionRow[]); // not iterable: throws inside the worker
      await writer.end();
    });
    await expect(run).rejects.toThrow(/not iterable/);
    expect(await stopped).toBe(0);
    expect(readdirSync(join(dir, 'exports/1'))).toEqual([]);
  });

  it('a failure in the main thread (reading) ends the worker and leaves no file', async () => {
    const writer = new XlsxThreadWriter(meta);
    const stopped = exited(writer);
    const run = writeFileAtomically(dir, 'exports/2', 'x.xlsx', writer.output, async () => {
      await writer.begin();
      await writer.transactions(rows(1, 250));
      throw new Error('the database went away');
    });
    await expect(run).rejects.toThrow('the database went away');
    expect(await stopped).toBe(0);
    expect(readdirSync(join(dir, 'exports/2'))).toEqual([]);
  });

  it('output destroyed while the worker is busy: the worker ends by itself and the call in flight fails', async () => {
    const writer = new XlsxThreadWriter(meta);
    const stopped = exited(writer);
    writer.output.resume();
    await writer.begin();
    const busy = writer.transactions(rows(1, 20_000));
    writer.output.destroy();
    await expect(busy).rejects.toThrow(/the XLSX worker stopped \(exit code 0\)/);
    expect(await stopped).toBe(0);
  });
});
