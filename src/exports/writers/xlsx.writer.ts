import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { centsToEuroNumber } from '../../common/money-format';
import type { ExportMeta, NamedGroup, ProjectRow, RoundGroup, Tally, TransactionRow } from '../export.model';
import { entryLabel } from '../export.model';
import type { FormatWriter, WritableStateful } from './format-writer';
import { drained, roomIn } from './format-writer';

/** Euro values are number cells (cents / 100) shown with this format; the cents stay the source of truth. */
export const EURO_FORMAT = '#,##0.00 "€"';
const DATE_FORMAT = 'dd.mm.yyyy';
import { XLSX_CONTENT_TYPE } from '../export-format';

export { XLSX_CONTENT_TYPE };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

/** Uncompressed sheet XML allowed to wait for the zip's deflater. */
const ENTRY_BUFFER_LIMIT = 1 << 20;

interface ColumnSpec {
  header: string;
  width: number;
  euro?: boolean;
  date?: boolean;
}

/**
 * exceljs' streaming WorkbookWriter stamps every zip entry with the time it is
 * written. Entries are stamped with the workbook's date instead (dataAsOf), so
 * the same data gives the same bytes and the same contentHash. The first
 * entries are added inside the constructor, from addThemes(): the zip's
 * append is wrapped there, before any entry exists.
 */
class StableWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  override addThemes(): Promise<void> {
    const self = this as unknown as { zip: { append: (source: unknown, data: Record<string, unknown>) => unknown }; created: Date };
    const append = self.zip.append.bind(self.zip);
    self.zip.append = (source, data) => append(source, { ...data, date: self.created });
    return super.addThemes();
  }
}

/**
 * XLSX through the streaming writer (never the in-memory workbook): the row
 * sheet (Projekte, or Buchungen for transactions) is written and committed
 * row by row first, then the small group sheets Runden, Kategorien, Länder.
 * Sheets are written one after another because the zip holds one entry open
 * at a time. Every sheet: bold header row, frozen, with an autofilter and set
 * column widths; shared strings are off so memory does not grow with rows.
 */
export class XlsxWriter implements FormatWriter {
  readonly output = new PassThrough();
  readonly contentType = XLSX_CONTENT_TYPE;
  readonly extension = 'xlsx';
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet!: ExcelJS.Worksheet;

  constructor(private readonly meta: ExportMeta) {
    this.workbook = new StableWorkbookWriter({
      stream: this.output,
      useStyles: true,
      useSharedStrings: false,
      created: meta.dataAsOf,
      modified: meta.dataAsOf,
    } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions> & { created: Date; modified: Date });
    this.workbook.creator = 'mpsc-tracker';
    this.workbook.lastModifiedBy = 'mpsc-tracker';
    this.workbook.title = `${meta.programme.code} Förderübersicht`;
  }

  private addSheet(name: string, columns: ColumnSpec[]): ExcelJS.Worksheet {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = columns.map((c, i) => ({
      key: `c${i}`,
      header: c.header,
      width: c.width,
      style: c.euro ? { numFmt: EURO_FORMAT } : c.date ? { numFmt: DATE_FORMAT } : {},
    }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = HEADER_FILL;
    header.alignment = { vertical: 'middle', wrapText: true };
    header.height = 30;
    header.commit();
    return sheet;
  }

  private euro(cents: number | null): number | null {
    return cents === null ? null : centsToEuroNumber(cents);
  }

  /**
   * Waits until the zip has compressed what the sheet wrote, and the file has
   * taken the zip's output. exceljs' sheet stream (StreamBuf) writes into the
   * zip entry's input without looking at write()'s answer, so rows would pile
   * up there, uncompressed, as fast as they are read: the entry's input (a
   * readable-stream PassThrough made by archiver) is watched directly.
   */
  private async breathe(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const pipes = (this.sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
    for (const pipe of pipes as WritableStateful[]) await roomIn(pipe, ENTRY_BUFFER_LIMIT);
    await drained(this.output);
  }

  async begin(): Promise<void> {
    if (this.meta.rows === 'projects') {
      this.sheet = this.addSheet('Projekte', [
        { header: 'Slug', width: 24 },
        { header: 'Projekt', width: 36 },
        { header: 'Staffel', width: 8 },
        { header: 'Jahr', width: 7 },
        { header: 'Kategorie', width: 30 },
        { header: 'Länder', width: 14 },
        { header: 'Federführung', width: 28 },
        { header: 'Zuwendung', width: 18, euro: true },
        { header: 'Zuwendung unsicher', width: 11 },
        { header: 'Bewilligt', width: 18, euro: true },
        { header: 'Ausgezahlt', width: 18, euro: true },
        { header: 'Rückzahlungen', width: 18, euro: true },
        { header: 'Berichtete Ausgaben', width: 18, euro: true },
        { header: 'Verbleibend', width: 18, euro: true },
      ]);
    } else {
      this.sheet = this.addSheet('Buchungen', [
        { header: 'Projekt-Slug', width: 24 },
        { header: 'Projekt', width: 36 },
        { header: 'Art', width: 20 },
        { header: 'Datum', width: 12, date: true },
        { header: 'Phase', width: 7 },
        { header: 'Haushaltsjahr', width: 13 },
        { header: 'Betrag', width: 18, euro: true },
      ]);
    }
  }

  async projects(rows: ProjectRow[]): Promise<void> {
    for (const p of rows) {
      this.sheet
        .addRow([
          p.slug,
          p.name,
          p.round.number,
          p.round.year,
          this.meta.categoryNames.get(p.category) ?? p.category,
          p.states.join(', '),
          p.lead,
          this.euro(p.grantCents),
          p.grantCents === null ? 'unbekannt' : p.grantUncertain ? 'ja' : 'nein',
          this.euro(p.committedCents),
          this.euro(p.disbursedCents),
          this.euro(p.repaidCents),
          this.euro(p.reportedSpendCents),
          this.euro(p.remainingCents),
        ])
        .commit();
    }
    await this.breathe();
  }

  async transactions(rows: TransactionRow[]): Promise<void> {
    for (const t of rows) {
      this.sheet
        .addRow([
          t.projectSlug,
          t.projectName,
          entryLabel(t),
          new Date(`${t.date}T00:00:00Z`),
          t.phase,
          t.budgetYear,
          this.euro(t.amountCents),
        ])
        .commit();
    }
    await this.breathe();
  }

  private totalRow(sheet: ExcelJS.Worksheet, values: unknown[]): void {
    sheet.addRow([]).commit();
    const row = sheet.addRow(values);
    row.font = { bold: true };
    row.commit();
  }

  private tallyCells(t: Tally): (number | null)[] {
    return [
      t.projectCount,
      this.euro(t.grantedCents),
      t.projectsWithUnknownGrant,
      t.projectsWithUncertainGrant,
      this.euro(t.committedCents),
      this.euro(t.disbursedCents),
      this.euro(t.repaidCents),
      this.euro(t.reportedSpendCents),
      this.euro(t.remainingCents),
    ];
  }

  private groupSheet(
    name: string,
    keyColumns: ColumnSpec[],
    groups: (RoundGroup | NamedGroup)[],
    keys: (g: RoundGroup | NamedGroup) => unknown[],
    note?: string,
  ): void {
    const sheet = this.addSheet(name, [
      ...keyColumns,
      { header: 'Projekte', width: 10 },
      { header: 'Zuwendung (bekannt)', width: 18, euro: true },
      { header: 'Zuwendung unbekannt (Projekte)', width: 14 },
      { header: 'Zuwendung unsicher (Projekte)', width: 14 },
      { header: 'Bewilligt', width: 18, euro: true },
      { header: 'Ausgezahlt', width: 18, euro: true },
      { header: 'Rückzahlungen', width: 18, euro: true },
      { header: 'Berichtete Ausgaben', width: 18, euro: true },
      { header: 'Verbleibend', width: 18, euro: true },
    ]);
    for (const g of groups) sheet.addRow([...keys(g), ...this.tallyCells(g)]).commit();
    const blanks = keyColumns.slice(1).map(() => null);
    this.totalRow(sheet, [note ? 'Gesamt (jedes Projekt einmal)' : 'Summe', ...blanks, ...this.tallyCells(this.meta.summary.totals)]);
    if (note) sheet.addRow([note]).commit();
    sheet.commit();
  }

  async end(): Promise<void> {
    this.rowsTotals();
    // The sheet's entry is ended here: it only empties now (no 'drain' comes), so nothing waits on it.
    this.sheet.commit();
    this.groupSheets();
    await this.workbook.commit();
  }

  /** The bold totals row(s) under the rows: one for projects, one per entry type for transactions. */
  private rowsTotals(): void {
    const { totals, commitmentCount, disbursementCount } = this.meta.summary;
    if (this.meta.rows === 'projects') {
      this.totalRow(this.sheet, [
        null,
        `Summe: ${totals.projectCount} Projekte; Zuwendung bei ${totals.projectsWithUnknownGrant} unbekannt (nicht in der Summe), bei ${totals.projectsWithUncertainGrant} unsicher`,
        null,
        null,
        null,
        null,
        null,
        this.euro(totals.grantedCents),
        null,
        this.euro(totals.committedCents),
        this.euro(totals.disbursedCents),
        this.euro(totals.repaidCents),
        this.euro(totals.reportedSpendCents),
        this.euro(totals.remainingCents),
      ]);
    } else {
      this.totalRow(this.sheet, [
        null,
        `Summe Bewilligungen (${commitmentCount} Buchungen)`,
        'Bewilligung',
        null,
        null,
        null,
        this.euro(totals.committedCents),
      ]);
      const row = this.sheet.addRow([
        null,
        `Summe Auszahlungen (${disbursementCount} Buchungen)`,
        'Auszahlung',
        null,
        null,
        null,
        this.euro(totals.disbursedCents),
      ]);
      row.font = { bold: true };
      row.commit();
    }
  }

  private groupSheets(): void {
    const { byRound, byCategory, byState } = this.meta.summary;
    this.groupSheet(
      'Runden',
      [
        { header: 'Staffel', width: 9 },
        { header: 'Jahr', width: 7 },
      ],
      byRound,
      (g) => [(g as RoundGroup).number, (g as RoundGroup).year],
    );
    this.groupSheet(
      'Kategorien',
      [
        { header: 'Kategorie', width: 32 },
        { header: 'Code', width: 26 },
      ],
      byCategory,
      (g) => [(g as NamedGroup).name, (g as NamedGroup).code],
    );
    this.groupSheet(
      'Länder',
      [
        { header: 'Land', width: 26 },
        { header: 'ISO-Code', width: 10 },
      ],
      byState,
      (g) => [(g as NamedGroup).name, (g as NamedGroup).code],
      'Projekte, die mehrere Länder umfassen, zählen in jedem dieser Länder voll; die Länderzeilen ergeben daher zusammen mehr als die Gesamtsumme.',
    );
  }
}
