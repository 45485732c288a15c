import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { toCents } from '../database/money';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  CSV_DIALECTS,
  EXPORT_FORMATS,
  EXPORT_ROWS,
  type ExportFormat,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  PermanentJobError,
} from '../jobs/job-catalogue';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { writeFileAtomically } from './artifact-file';
import { berlinDate } from './export-format';
import { EntryBatch, EntryBounds, EntryTotals, ExportParams, ExportReader, ExportSource, transactionRow } from './export-source';
import type { TransactionRow } from './export.model';
import { addToTally, emptyTally, ExportMeta, ExportSummary, Tally } from './export.model';
import { CsvWriter } from './writers/csv.writer';
import { FormatWriter } from './writers/format-writer';
import { JsonWriter } from './writers/json.writer';
import { PdfWriter } from './writers/pdf.writer';
import { XlsxThreadWriter } from './writers/xlsx-thread.writer';

/**
 * The writer of each format. exceljs and pdfkit are loaded only where they are used: exceljs only in the XLSX
 * writer's thread, pdfkit when a PDF is written (together ≈ 50 MiB of code and heap a worker process otherwise
 * carries through every export).
 */
const WRITERS: Record<ExportFormat, (meta: ExportMeta) => Promise<FormatWriter>> = {
  csv: async (meta) => new CsvWriter(meta),
  // In a worker thread: exceljs' garbage grows a heap of its own, bounded, not the process's (XLSX peak RSS).
  xlsx: async (meta) => new XlsxThreadWriter(meta),
  pdf: async (meta) => new PdfWriter(meta),
  json: async (meta) => new JsonWriter(meta),
};

/** The written rows did not add up to the totals read first: another request wrote in between (SQLite). A retry reads again. */
export class ExportDataChanged extends Error {
  constructor(what: string) {
    super(`the funding data changed while the export was written (${what}); the export is retried`);
    this.name = 'ExportDataChanged';
  }
}

/** Parameters come from the database (a run row), not from a validated request: refuse what cannot be right, for good. */
function checkParams(params: ExportParams): ExportParams {
  const bad = (field: string) => new PermanentJobError(`invalid export parameter "${field}"`);
  if (!params || typeof params !== 'object') throw bad('params');
  if (!EXPORT_FORMATS.includes(params.format)) throw bad('format');
  if (params.rows !== undefined && !EXPORT_ROWS.includes(params.rows)) throw bad('rows');
  if (params.csvDialect !== undefined && !CSV_DIALECTS.includes(params.csvDialect)) throw bad('csvDialect');
  if (params.round !== undefined && !Number.isInteger(params.round)) throw bad('round');
  for (const field of ['state', 'category'] as const) {
    if (params[field] !== undefined && typeof params[field] !== 'string') throw bad(field);
  }
  if (params.scopeBodyId !== null && !Number.isInteger(params.scopeBodyId)) throw bad('scopeBodyId');
  return params;
}

/**
 * A CSV of entries needs no project figures and nothing read before its rows: its closing rows are the entries'
 * counts and sums, taken from the rows as they pass. The rows are the entries up to the highest ids when the export
 * starts (ExportReader.entryBounds), so what is recorded meanwhile is left out on both databases, as PostgreSQL's
 * snapshot leaves it out, and no write in between can make the rows and their totals disagree.
 */
const entriesOnly = (params: ExportParams) => params.format === 'csv' && params.rows === 'transactions';

function entrySummary(seen: Record<TransactionRow['type'], EntryTotals>): ExportSummary {
  return {
    totals: { ...emptyTally(), committedCents: seen.commitment.cents, disbursedCents: seen.disbursement.cents },
    byRound: [],
    byCategory: [],
    byState: [],
    commitmentCount: seen.commitment.count,
    disbursementCount: seen.disbursement.count,
  };
}

const sameTally = (a: Tally, b: Tally) => (Object.keys(a) as (keyof Tally)[]).every((k) => a[k] === b[k]);

/**
 * Writes a funding-summary export (CSV, XLSX, PDF or JSON) to ARTIFACTS_DIR:
 * totals first (one pass over the selected projects), then the rows in keyset
 * batches straight into the file, with progress after each batch. The file
 * appears only complete (temporary file, renamed); contentHash is the SHA-256
 * of its bytes, dataAsOf the moment reading started.
 */
@Injectable()
export class ExportJobHandler implements JobHandler<'export'>, OnModuleInit {
  readonly kind = 'export' as const;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly source: ExportSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  run(context: JobContext<'export'>): Promise<JobOutcome> {
    const params = checkParams(context.params);
    const dataAsOf = this.clock.now();
    return this.source.open(params, async (reader) => {
      // Entries only: the ledger as it stands now, whatever is recorded while the file is written.
      const bounds = entriesOnly(params) ? await reader.entryBounds() : null;
      const meta = await this.meta(reader, params, dataAsOf);
      await context.progress(5);
      const writer = await WRITERS[meta.format](meta);
      const name = `${meta.programme.code.toLowerCase()}-funding-${meta.rows === 'projects' ? 'summary' : 'transactions'}-${berlinDate(dataAsOf)}.${writer.extension}`;
      const file = await writeFileAtomically(this.config.artifactsDir, `exports/${context.runId}`, name, writer.output, () =>
        bounds ? this.writeEntries(reader, meta, writer, context, bounds) : this.write(reader, meta, writer, context),
      );
      const { summary } = meta;
      const { commitmentCount, disbursementCount } = summary;
      return {
        result: {
          format: meta.format,
          rows: meta.rows,
          csvDialect: meta.format === 'csv' ? meta.csvDialect : undefined,
          rowCount: meta.rows === 'projects' ? summary.totals.projectCount : commitmentCount + disbursementCount,
          totals: entriesOnly(params)
            ? {
                commitmentCount,
                disbursementCount,
                committedCents: summary.totals.committedCents,
                disbursedCents: summary.totals.disbursedCents,
              }
            : { ...summary.totals, commitmentCount, disbursementCount },
        },
        contentHash: file.sha256,
        dataAsOf,
        artifact: { path: file.path, name, contentType: writer.contentType, bytes: file.bytes },
      };
    });
  }

  private async meta(reader: ExportReader, params: ExportParams, dataAsOf: Date): Promise<ExportMeta> {
    const labels = await reader.labels();
    // Entries only: the summary is filled from the rows as they are written (see write()).
    const summary = entriesOnly(params) ? entrySummary(noEntries()) : await reader.summary(labels);
    const programme = reader.programme;
    const round = labels.rounds.find((r) => r.number === params.round);
    const categoryNames = new Map(labels.categories.map((c) => [c.code as string, c.name]));
    const stateNames = new Map(labels.states.map((s) => [s.code, s.name]));
    return {
      programme: { code: programme.code, name: programme.name, budgetCents: programme.budgetCents, currency: programme.currency },
      filters: {
        round: params.round === undefined ? null : { number: params.round, year: round?.year ?? 0 },
        category:
          params.category === undefined ? null : { code: params.category, name: categoryNames.get(params.category) ?? params.category },
        state: params.state === undefined ? null : { code: params.state, name: stateNames.get(params.state) ?? params.state },
        scope:
          params.scopeBodyId === null
            ? null
            : { bodyId: params.scopeBodyId, bodyName: labels.bodyName ?? `Körperschaft ${params.scopeBodyId}` },
      },
      format: params.format,
      rows: params.rows ?? 'projects',
      csvDialect: params.csvDialect ?? 'excel-de',
      dataAsOf,
      summary,
      categoryNames,
      stateNames,
    };
  }

  /** Streams the rows; checks before the file is closed that they add up to the totals already written at the top. */
  private async write(reader: ExportReader, meta: ExportMeta, writer: FormatWriter, context: JobContext<'export'>): Promise<void> {
    const { summary } = meta;
    const expected = meta.rows === 'projects' ? summary.totals.projectCount : summary.commitmentCount + summary.disbursementCount;
    let done = 0;
    const progress = (n: number) => {
      done += n;
      return context.progress(5 + (90 * done) / Math.max(1, expected));
    };
    await writer.begin();
    if (meta.rows === 'projects') {
      const seen = emptyTally();
      for await (const batch of reader.projectBatches()) {
        for (const project of batch) addToTally(seen, project);
        await writer.projects(batch);
        await progress(batch.length);
      }
      if (!sameTally(seen, summary.totals)) throw new ExportDataChanged('project totals');
    } else {
      const seen = noEntries();
      // The rows' own count and sum, taken as they pass (the closing rows and the result say the same, or the run fails).
      for await (const batch of reader.entryBatches()) {
        await writeBatch(writer, batch, seen);
        await progress(batch.rows.length);
      }
      const t = summary.totals;
      if (
        seen.commitment.count !== summary.commitmentCount ||
        seen.disbursement.count !== summary.disbursementCount ||
        seen.commitment.cents !== t.committedCents ||
        seen.disbursement.cents !== t.disbursedCents
      ) {
        throw new ExportDataChanged('entry totals');
      }
    }
    await writer.end();
  }

  /**
   * The entries up to the bounds read first, their count and sum taken as they pass and written as the closing rows.
   * Progress follows the position in the ids (nothing is counted first).
   */
  private async writeEntries(
    reader: ExportReader,
    meta: ExportMeta,
    writer: FormatWriter,
    context: JobContext<'export'>,
    bounds: EntryBounds,
  ): Promise<void> {
    const span = Math.max(1, bounds.commitment + bounds.disbursement);
    const seen = noEntries();
    await writer.begin();
    for await (const batch of reader.entryBatches(bounds)) {
      const { type, at, rows } = batch;
      await writeBatch(writer, batch, seen);
      const position = Number(rows[rows.length - 1][at.id]) + (type === 'disbursement' ? bounds.commitment : 0);
      await context.progress(5 + (90 * Math.min(position, span)) / span);
    }
    meta.summary = entrySummary(seen);
    await context.progress(95);
    await writer.end();
  }
}

/** Writes a batch of entries and adds its count and cents to `seen` (the rows' own totals, taken as they pass). */
async function writeBatch(writer: FormatWriter, batch: EntryBatch, seen: Record<TransactionRow['type'], EntryTotals>): Promise<void> {
  const { type, at, rows } = batch;
  let cents = 0;
  for (const r of rows) cents += toCents(r[at.amount_cents]);
  seen[type].count += rows.length;
  seen[type].cents += cents;
  await (writer.entries ? writer.entries(batch) : writer.transactions(rows.map(transactionRow(batch))));
}

const noEntries = (): Record<TransactionRow['type'], EntryTotals> => ({
  commitment: { count: 0, cents: 0 },
  disbursement: { count: 0, cents: 0 },
});
