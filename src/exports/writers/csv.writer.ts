import type { Stringifier } from 'csv-stringify';
import { stringify } from 'csv-stringify';
import { centsToDecimal } from '../../common/money-format';
import { guardFormula } from '../export-format';
import type { ExportMeta, ProjectRow, TransactionRow } from '../export.model';
import { entryCode, entryLabel } from '../export.model';
import type { FormatWriter } from './format-writer';
import { drained, writeChunk } from './format-writer';

type Cell = string | number;

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
 */
export class CsvWriter implements FormatWriter {
  readonly output: Stringifier;
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';
  private readonly german: boolean;

  constructor(private readonly meta: ExportMeta) {
    this.german = meta.csvDialect === 'excel-de';
    this.output = stringify({
      bom: this.german,
      delimiter: this.german ? ';' : ',',
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    });
  }

  private money(cents: number | null): string {
    return cents === null ? '' : centsToDecimal(cents, this.german ? ',' : '.');
  }

  private text(value: string | null): string {
    if (value === null) return '';
    return this.german ? guardFormula(value) : value;
  }

  private record(cells: Cell[]): Promise<void> {
    return writeChunk(this.output, cells);
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

  /**
   * A batch goes into the stringifier at once and the writer waits for room
   * once per batch: its buffer holds at most one batch of records (2 000),
   * and a promise per row would cost more than formatting the row.
   */
  async projects(rows: ProjectRow[]): Promise<void> {
    for (const p of rows) {
      this.output.write([
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
      ]);
    }
    await drained(this.output);
  }

  /**
   * Entries come by the million: each waits for room when the stringifier's
   * buffer is full (16 records), so records do not queue in it across many
   * turns of the event loop and outlive the young heap (their promotion to
   * the old heap is what makes a process's RSS grow).
   */
  async transactions(rows: TransactionRow[]): Promise<void> {
    for (const t of rows) {
      const room = this.output.write([
        this.text(t.projectSlug),
        this.text(t.projectName),
        this.german ? entryLabel(t) : entryCode(t),
        t.date,
        t.phase ?? '',
        t.budgetYear,
        this.money(t.amountCents),
      ]);
      if (!room) await drained(this.output);
    }
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
    this.output.end();
  }
}
