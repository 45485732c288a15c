import { PassThrough } from 'node:stream';
import { centsToDecimal } from '../../common/money-format';
import { isoDate } from '../../common/dates';
import { toCents } from '../../database/money';
import { guardFormula } from '../export-format';
import type { EntryBatch } from '../export-source';
import type { ExportMeta, ProjectRow, TransactionRow } from '../export.model';
import { entryCode, entryLabel } from '../export.model';
import type { FormatWriter } from './format-writer';
import { drained } from './format-writer';

type Cell = string | number;

/** Text is handed to the file in pieces of about this many characters, not a chunk per record. */
const PIECE_CHARS = 64 * 1024;

/**
 * CSV in two dialects, both with CRLF line ends:
 * - `excel-de` (default), for German Excel: UTF-8 with BOM, `;` between
 *   fields, decimal comma (8462377,50), German headers and labels, and text
 *   cells that start with = + - @ (or tab/CR) prefixed with `'` so Excel
 *   never runs them as formulas.
 * - `rfc4180`, for scripts: no BOM, `,`, decimal point, ASCII headers,
 *   codes instead of labels, every value verbatim.
 * Quoting per RFC 4180 in both: a field with the separator, a quote, CR or LF
 * is quoted, quotes doubled. The last row(s), with an empty slug, are totals.
 *
 * Each record is built as one string, by the rules csv-stringify (which this
 * writer used before) applies with these options, byte for byte: its
 * per-field machinery cost more than reading the rows (csv.writer.spec.ts
 * holds the two side by side). Entries come as the driver's row arrays
 * (entries()), never as an object per row.
 */
export class CsvWriter implements FormatWriter {
  readonly output = new PassThrough({ highWaterMark: 4 * PIECE_CHARS });
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';
  private readonly german: boolean;
  private readonly separator: string;
  private readonly needsQuotes: RegExp;
  private pending: string;

  constructor(private readonly meta: ExportMeta) {
    this.german = meta.csvDialect === 'excel-de';
    this.separator = this.german ? ';' : ',';
    this.needsQuotes = this.german ? /[;"\r\n]/ : /[,"\r\n]/;
    this.pending = this.german ? '\uFEFF' : '';
  }

  private money(cents: number | null): string {
    return cents === null ? '' : centsToDecimal(cents, this.german ? ',' : '.');
  }

  /** A field as RFC 4180 wants it: quoted (quotes doubled) when it holds the separator, a quote, CR or LF. */
  private field(value: string): string {
    return this.needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  private text(value: string | null): string {
    if (value === null) return '';
    return this.german ? guardFormula(value) : value;
  }

  /** A record: every text cell through field(), as csv-stringify does with every value. */
  private line(cells: Cell[]): string {
    return `${cells.map((c) => (typeof c === 'number' ? String(c) : this.field(c))).join(this.separator)}\r\n`;
  }

  /** Hands the text gathered so far to the output (no wait: callers wait for room once per batch). */
  private flush(): void {
    if (this.pending.length === 0) return;
    if (this.output.destroyed) throw this.output.errored ?? new Error('the export stream was closed before it finished');
    this.output.write(this.pending);
    this.pending = '';
  }

  private add(line: string): void {
    this.pending += line;
    if (this.pending.length >= PIECE_CHARS) this.flush();
  }

  private async record(cells: Cell[]): Promise<void> {
    this.add(this.line(cells));
    await drained(this.output);
  }

  async begin(): Promise<void> {
    if (this.meta.rows === 'projects') {
      await this.record(
        this.german
          ? [
              'Slug',
              'Projekt',
              'Staffel',
              'Jahr',
              'Kategorie',
              'Länder',
              'Federführung',
              'Zuwendung (EUR)',
              'Zuwendung unsicher',
              'Bewilligt (EUR)',
              'Ausgezahlt (EUR)',
              'Rückzahlungen (EUR)',
              'Berichtete Ausgaben (EUR)',
              'Verbleibend (EUR)',
            ]
          : [
              'slug',
              'name',
              'round',
              'year',
              'category',
              'states',
              'lead',
              'grant_eur',
              'grant_uncertain',
              'committed_eur',
              'disbursed_eur',
              'repaid_eur',
              'reported_spend_eur',
              'remaining_eur',
            ],
      );
    } else {
      await this.record(
        this.german
          ? ['Projekt-Slug', 'Projekt', 'Art', 'Datum', 'Phase', 'Haushaltsjahr', 'Betrag (EUR)']
          : ['project_slug', 'project_name', 'type', 'date', 'phase', 'budget_year', 'amount_eur'],
      );
    }
  }

  /** A batch's records go out together; the writer waits for room once per batch. */
  async projects(rows: ProjectRow[]): Promise<void> {
    for (const p of rows) {
      this.add(
        this.line([
          this.text(p.slug),
          this.text(p.name),
          p.round.number,
          p.round.year,
          this.german ? this.text(this.meta.categoryNames.get(p.category) ?? p.category) : p.category,
          p.states.join(', '),
          this.text(p.lead),
          this.money(p.grantCents),
          p.grantCents === null ? '' : this.german ? (p.grantUncertain ? 'ja' : 'nein') : String(p.grantUncertain),
          this.money(p.committedCents),
          this.money(p.disbursedCents),
          this.money(p.repaidCents),
          this.money(p.reportedSpendCents),
          this.money(p.remainingCents),
        ]),
      );
    }
    await drained(this.output);
  }

  async transactions(rows: TransactionRow[]): Promise<void> {
    for (const t of rows) {
      this.add(
        this.line([
          this.text(t.projectSlug),
          this.text(t.projectName),
          this.german ? entryLabel(t) : entryCode(t),
          t.date,
          t.phase ?? '',
          t.budgetYear,
          this.money(t.amountCents),
        ]),
      );
    }
    await drained(this.output);
  }

  /**
   * The hot path of a million-row export: the same records as transactions()
   * writes, from the driver's arrays. The kind's label, the date (already
   * YYYY-MM-DD on SQLite) and the amount need no quoting; slug, name and
   * phase go through the same field rules as every other cell.
   */
  async entries({ type, at, rows }: EntryBatch): Promise<void> {
    const sep = this.separator;
    const labels = new Map<unknown, string>();
    for (const r of rows) {
      const kind = r[at.kind];
      let label = labels.get(kind);
      if (label === undefined) {
        const row = { type, kind: kind as TransactionRow['kind'] };
        labels.set(kind, (label = this.field(this.german ? entryLabel(row) : entryCode(row))));
      }
      const date = r[at.date];
      const phase = at.phase < 0 ? null : ((r[at.phase] as string | null | undefined) ?? null);
      this.add(
        `${this.field(this.text(r[at.slug] as string))}${sep}${this.field(this.text(r[at.name] as string))}${sep}${label}${sep}${
          typeof date === 'string' && date.length === 10 ? date : isoDate(date)
        }${sep}${phase === null ? '' : this.field(phase)}${sep}${Number(r[at.budget_year])}${sep}${this.money(toCents(r[at.amount_cents]))}\r\n`,
      );
    }
    await drained(this.output);
  }

  async end(): Promise<void> {
    const { totals, commitmentCount, disbursementCount } = this.meta.summary;
    if (this.meta.rows === 'projects') {
      const label = this.german
        ? `Summe: ${totals.projectCount} Projekte; Zuwendung bei ${totals.projectsWithUnknownGrant} unbekannt (nicht in der Summe), bei ${totals.projectsWithUncertainGrant} unsicher`
        : `TOTAL: ${totals.projectCount} projects; grant unknown for ${totals.projectsWithUnknownGrant} (not in grant_eur), uncertain for ${totals.projectsWithUncertainGrant}`;
      await this.record([
        '',
        label,
        '',
        '',
        '',
        '',
        '',
        this.money(totals.grantedCents),
        '',
        this.money(totals.committedCents),
        this.money(totals.disbursedCents),
        this.money(totals.repaidCents),
        this.money(totals.reportedSpendCents),
        this.money(totals.remainingCents),
      ]);
    } else {
      await this.record(
        this.german
          ? ['', `Summe Bewilligungen (${commitmentCount} Buchungen)`, 'Bewilligung', '', '', '', this.money(totals.committedCents)]
          : ['', `TOTAL commitments (${commitmentCount} entries)`, 'commitment', '', '', '', this.money(totals.committedCents)],
      );
      await this.record(
        this.german
          ? ['', `Summe Auszahlungen (${disbursementCount} Buchungen)`, 'Auszahlung', '', '', '', this.money(totals.disbursedCents)]
          : ['', `TOTAL disbursements (${disbursementCount} entries)`, 'disbursement', '', '', '', this.money(totals.disbursedCents)],
      );
    }
    this.flush();
    this.output.end();
  }
}
