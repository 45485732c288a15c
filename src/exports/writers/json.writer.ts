import { PassThrough } from 'node:stream';
import { isoDate } from '../../common/dates';
import { toCents } from '../../database/money';
import type { EntryBatch } from '../export-source';
import type { ExportMeta, ProjectRow, TransactionRow } from '../export.model';
import type { FormatWriter } from './format-writer';
import { writeChunk } from './format-writer';

/**
 * `{ programme, filters, rows, dataAsOf, totals, byRound, byCategory, byState,
 * projects | transactions }`, written as it is read: one element per line, so
 * the document never exists in memory as a whole. Money in cents, as in the API.
 */
export class JsonWriter implements FormatWriter {
  readonly output = new PassThrough();
  readonly contentType = 'application/json; charset=utf-8';
  readonly extension = 'json';
  private first = true;

  constructor(private readonly meta: ExportMeta) {}

  async begin(): Promise<void> {
    const { programme, filters, rows, dataAsOf, summary } = this.meta;
    const head = {
      programme,
      filters: {
        round: filters.round?.number ?? null,
        category: filters.category?.code ?? null,
        state: filters.state?.code ?? null,
        scopeBodyId: filters.scope?.bodyId ?? null,
        scopeBodyName: filters.scope?.bodyName ?? null,
      },
      rows,
      dataAsOf: dataAsOf.toISOString(),
      totals: { ...summary.totals, commitmentCount: summary.commitmentCount, disbursementCount: summary.disbursementCount },
      byRound: summary.byRound,
      byCategory: summary.byCategory,
      byState: summary.byState,
    };
    const json = JSON.stringify(head);
    await writeChunk(this.output, `${json.slice(0, -1)},${JSON.stringify(rows)}:[`);
  }

  /** One chunk per batch (a batch's text, not the rows, is what waits for the disk). */
  private async elements(rows: readonly unknown[]): Promise<void> {
    if (rows.length === 0) return;
    const text = `${this.first ? '\n' : ',\n'}${rows.map((row) => JSON.stringify(row)).join(',\n')}`;
    this.first = false;
    await writeChunk(this.output, text);
  }

  projects(rows: ProjectRow[]): Promise<void> {
    return this.elements(rows);
  }

  transactions(rows: TransactionRow[]): Promise<void> {
    return this.elements(rows);
  }

  /**
   * Entries from the driver's arrays, each written as JSON.stringify writes
   * the TransactionRow of transactions() (same keys, same order, same text:
   * json.writer.spec.ts), without the object.
   */
  async entries({ type, at, rows }: EntryBatch): Promise<void> {
    if (rows.length === 0) return;
    const q = JSON.stringify;
    const lines = rows.map((r) => {
      const phase = at.phase < 0 ? null : ((r[at.phase] as string | null) ?? null);
      return `{"type":"${type}","kind":${q(r[at.kind])},"id":${Number(r[at.id])},"projectId":${Number(r[at.project_id])},"projectSlug":${q(
        r[at.slug],
      )},"projectName":${q(r[at.name])},"date":"${isoDate(r[at.date])}","phase":${phase === null ? 'null' : q(phase)},"budgetYear":${Number(
        r[at.budget_year],
      )},"amountCents":${toCents(r[at.amount_cents])}}`;
    });
    const text = `${this.first ? '\n' : ',\n'}${lines.join(',\n')}`;
    this.first = false;
    await writeChunk(this.output, text);
  }

  async end(): Promise<void> {
    await writeChunk(this.output, `${this.first ? '' : '\n'}]}\n`);
    this.output.end();
  }
}
