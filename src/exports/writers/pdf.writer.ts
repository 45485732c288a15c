import { centsToGerman } from '../../common/money-format';
import { berlinDateTime, germanDate } from '../export-format';
import type { ExportMeta, NamedGroup, ProjectRow, RoundGroup, Tally, TransactionRow } from '../export.model';
import { entryLabel } from '../export.model';
import type { FormatWriter } from './format-writer';
import { consumedBelow } from './format-writer';
import type { Column } from './pdf-layout';
import { drawBarChart } from './pdf-bar-chart';
import { BRAND, GRID, LIGHT, MARGIN, MUTED, PdfLayout, ROW_HEIGHT } from './pdf-layout';

const CATEGORY_SHORT: Record<string, string> = {
  GROSSSTADT: 'Großstadt',
  MITTELSTADT: 'Mittelstadt',
  KLEINSTADT_LANDGEMEINDE: 'Kleinstadt/Land',
  INTERKOMMUNAL_LANDKREIS: 'Interkomm./Kreis',
};
/** pdfkit pushes pages into its own buffer without waiting: the writer pauses above this much unread output. */
const BUFFER_LIMIT = 1 << 20;

const GROUP_COLUMNS = (first: string): Column[] => [
  { title: first, width: 113 },
  { title: 'Projekte', width: 30, align: 'right' },
  { title: 'unbek.', width: 28, align: 'right' },
  { title: 'Zuwendung €', width: 64, align: 'right' },
  { title: 'Bewilligt €', width: 55, align: 'right' },
  { title: 'Ausgezahlt €', width: 55, align: 'right' },
  { title: 'Rückzahl. €', width: 56, align: 'right' },
  { title: 'Berichtet €', width: 55, align: 'right' },
  { title: 'Verbleibend €', width: 55, align: 'right' },
];

const PROJECT_COLUMNS: Column[] = [
  { title: 'Projekt', width: 116 },
  { title: 'St.', width: 14, align: 'right' },
  { title: 'Kategorie', width: 64 },
  { title: 'Länder', width: 42 },
  { title: 'Zuwendung €', width: 55, align: 'right' },
  { title: 'Bewilligt €', width: 55, align: 'right' },
  { title: 'Ausgezahlt €', width: 55, align: 'right' },
  { title: 'Berichtet €', width: 55, align: 'right' },
  { title: 'Verbleibend €', width: 55, align: 'right' },
];

const TRANSACTION_COLUMNS: Column[] = [
  { title: 'Projekt', width: 190 },
  { title: 'Art', width: 70 },
  { title: 'Datum', width: 60 },
  { title: 'Phase', width: 40 },
  { title: 'Haushaltsjahr', width: 60, align: 'right' },
  { title: 'Betrag €', width: 91, align: 'right' },
];

const money = (cents: number) => centsToGerman(cents, false);

/**
 * The funding summary as a report to read: a title page with the selection,
 * the data's timestamp, the key figures and bar charts by round and by
 * category; a page of tables by round, category and Land; then the project
 * (or entry) list, paginated with the table header on every page. Pages go to
 * the output as they are finished (PdfLayout), so a list of a million rows
 * never sits in memory.
 */
export class PdfWriter implements FormatWriter {
  readonly output: PDFKit.PDFDocument;
  readonly contentType = 'application/pdf';
  readonly extension = 'pdf';
  private readonly pdf: PdfLayout;

  constructor(private readonly meta: ExportMeta) {
    const asOf = berlinDateTime(meta.dataAsOf);
    this.pdf = new PdfLayout(
      {
        Title: `${meta.programme.code} Förderübersicht`,
        Author: 'mpsc-tracker',
        Subject: `${meta.programme.name}: Förderübersicht, Datenstand ${asOf}`,
        // The data's timestamp, not the wall clock: the same data gives the same bytes.
        CreationDate: meta.dataAsOf,
        ModDate: meta.dataAsOf,
      },
      `${meta.programme.code} · Förderübersicht · Datenstand ${asOf}`,
    );
    this.output = this.pdf.doc;
  }

  private tallyCells(t: Tally): string[] {
    return [
      String(t.projectCount),
      String(t.projectsWithUnknownGrant),
      money(t.grantedCents),
      money(t.committedCents),
      money(t.disbursedCents),
      money(t.repaidCents),
      money(t.reportedSpendCents),
      money(t.remainingCents),
    ];
  }

  private selectionLines(): [string, string][] {
    const { filters, rows, summary } = this.meta;
    return [
      ['Staffel', filters.round ? `${filters.round.number} (${filters.round.year})` : 'alle'],
      ['Kategorie', filters.category?.name ?? 'alle'],
      ['Land', filters.state ? `${filters.state.name} (${filters.state.code})` : 'alle'],
      ['Umfang', filters.scope ? `Projekte von ${filters.scope.bodyName} (Federführung oder Mitglied)` : 'gesamtes Portfolio'],
      [
        'Zeilen',
        rows === 'projects'
          ? 'ein Eintrag je Projekt'
          : `ein Eintrag je Buchung: ${summary.commitmentCount} Bewilligungen, ${summary.disbursementCount} Auszahlungen`,
      ],
      ['Datenstand', berlinDateTime(this.meta.dataAsOf)],
    ];
  }

  private titlePage(): void {
    const doc = this.pdf.doc;
    const { programme, summary } = this.meta;
    const t = summary.totals;
    const left = MARGIN.left;
    doc.rect(0, 0, doc.page.width, 8).fill(BRAND);
    this.pdf.text('MODELLPROJEKTE SMART CITIES', left, 52, { size: 8.5, bold: true, color: MUTED });
    this.pdf.text('Förderübersicht', left, 66, { size: 26, bold: true, color: BRAND });
    this.pdf.text(programme.name, left, 102, { size: 10, color: MUTED, width: this.pdf.width });

    const lines = this.selectionLines();
    const boxTop = 122;
    const boxHeight = lines.length * 13 + 12;
    doc.roundedRect(left, boxTop, this.pdf.width, boxHeight, 4).fill(LIGHT);
    lines.forEach(([label, value], i) => {
      const y = boxTop + 8 + i * 13;
      this.pdf.text(label, left + 12, y, { size: 8.5, bold: true, color: MUTED });
      this.pdf.text(value, left + 92, y, { size: 9, width: this.pdf.width - 104 });
    });

    this.pdf.y = boxTop + boxHeight + 16;
    this.pdf.text('Kennzahlen', left, this.pdf.y, { size: 13, bold: true, color: BRAND });
    this.pdf.y += 19;
    const figures: [string, string, string?][] = [
      ['Projekte', String(t.projectCount)],
      ['Zuwendungen (bekannt)', centsToGerman(t.grantedCents), 'Summe der Zuwendungen, die eine Quelle nennt'],
      ['Zuwendung unbekannt', `${t.projectsWithUnknownGrant} Projekte`, 'keine Quelle nennt einen Betrag; nicht in der Summe'],
      ['Zuwendung unsicher', `${t.projectsWithUncertainGrant} Projekte`, 'die Quelle nennt den Betrag als unsicher'],
      ['Bewilligt', centsToGerman(t.committedCents), 'Zuwendungsbescheide, abzüglich Stornos'],
      ['Ausgezahlt', centsToGerman(t.disbursedCents), 'Mittelabrufe, abzüglich Stornos und Rückzahlungen'],
      ['Rückzahlungen', centsToGerman(t.repaidCents), 'von Kommunen zurückgezahlt'],
      ['Verbleibend', centsToGerman(t.remainingCents), 'bewilligt, noch nicht ausgezahlt'],
      ['Berichtete Ausgaben', centsToGerman(t.reportedSpendCents), 'aus eingereichten und angenommenen Berichten'],
      ['Programmbudget', centsToGerman(programme.budgetCents), 'gesamtes Programm'],
    ];
    for (const [label, value, note] of figures) {
      this.pdf.text(label, left, this.pdf.y, { size: 9.5, color: MUTED });
      this.pdf.text(value, left + 150, this.pdf.y, { size: 10.5, bold: true, width: 120, align: 'right', number: true });
      if (note) this.pdf.text(note, left + 284, this.pdf.y + 1.5, { size: 7.5, color: MUTED, width: this.pdf.width - 284 });
      this.pdf.y += 15.5;
      doc
        .moveTo(left, this.pdf.y - 3.5)
        .lineTo(left + this.pdf.width, this.pdf.y - 3.5)
        .lineWidth(0.4)
        .strokeColor(GRID)
        .stroke();
    }

    this.pdf.y += 10;
    drawBarChart(
      this.pdf,
      'Förderung nach Staffel',
      summary.byRound.map((r) => ({ label: `Staffel ${r.number} (${r.year})`, tally: r })),
    );
    drawBarChart(
      this.pdf,
      'Förderung nach Kategorie',
      summary.byCategory.map((c) => ({ label: c.name, tally: c })),
    );
  }

  private groupTable(title: string, first: string, groups: { label: string; tally: Tally }[], note?: string): void {
    this.pdf.heading(title, note);
    const columns = GROUP_COLUMNS(first);
    this.pdf.startTable(columns);
    for (const g of groups) this.pdf.row(columns, [g.label, ...this.tallyCells(g.tally)]);
    this.pdf.row(columns, [note ? 'Gesamt (jedes Projekt einmal)' : 'Summe', ...this.tallyCells(this.meta.summary.totals)], true);
    this.pdf.endTable();
  }

  async begin(): Promise<void> {
    const { summary, rows } = this.meta;
    this.pdf.newPage();
    this.titlePage();

    this.pdf.newPage();
    this.groupTable(
      'Nach Staffel',
      'Staffel',
      summary.byRound.map((r: RoundGroup) => ({ label: `${r.number} (${r.year})`, tally: r })),
    );
    this.groupTable(
      'Nach Kategorie',
      'Kategorie',
      summary.byCategory.map((c: NamedGroup) => ({ label: c.name, tally: c })),
    );
    this.groupTable(
      'Nach Land',
      'Land',
      summary.byState.map((s: NamedGroup) => ({ label: s.name, tally: s })),
      'Projekte, die mehrere Länder umfassen, zählen in jedem dieser Länder voll; die Länderzeilen ergeben zusammen mehr als die Gesamtsumme.',
    );

    this.pdf.newPage();
    if (rows === 'projects') {
      this.pdf.heading(
        'Projekte',
        'St. = Staffel; Länder als ISO-3166-2-Kürzel ohne „DE-“. „unbekannt“: keine Quelle nennt eine Zuwendung (nicht in den Summen). * Betrag laut Quelle unsicher.',
      );
      this.pdf.startTable(PROJECT_COLUMNS);
    } else {
      this.pdf.heading(
        'Buchungen',
        'Bewilligungen, dann Auszahlungen, jeweils in der Reihenfolge ihrer Erfassung. Bewilligungen: Phase; Haushaltsjahr bei beiden.',
      );
      this.pdf.startTable(TRANSACTION_COLUMNS);
    }
    await consumedBelow(this.pdf.doc, BUFFER_LIMIT);
  }

  async projects(rows: ProjectRow[]): Promise<void> {
    for (const p of rows) {
      this.pdf.row(PROJECT_COLUMNS, [
        p.name,
        String(p.round.number),
        CATEGORY_SHORT[p.category] ?? p.category,
        p.states.map((code) => code.replace(/^DE-/, '')).join(', '),
        p.grantCents === null ? 'unbekannt' : `${money(p.grantCents)}${p.grantUncertain ? '*' : ''}`,
        money(p.committedCents),
        money(p.disbursedCents),
        money(p.reportedSpendCents),
        money(p.remainingCents),
      ]);
    }
    await consumedBelow(this.pdf.doc, BUFFER_LIMIT);
  }

  async transactions(rows: TransactionRow[]): Promise<void> {
    for (const t of rows) {
      this.pdf.row(TRANSACTION_COLUMNS, [
        t.projectName,
        entryLabel(t),
        germanDate(t.date),
        t.phase ?? '',
        String(t.budgetYear),
        money(t.amountCents),
      ]);
    }
    await consumedBelow(this.pdf.doc, BUFFER_LIMIT);
  }

  async end(): Promise<void> {
    const { totals, commitmentCount, disbursementCount } = this.meta.summary;
    if (this.meta.rows === 'projects') {
      this.pdf.row(
        PROJECT_COLUMNS,
        [
          `Summe: ${totals.projectCount} Projekte`,
          '',
          '',
          '',
          money(totals.grantedCents),
          money(totals.committedCents),
          money(totals.disbursedCents),
          money(totals.reportedSpendCents),
          money(totals.remainingCents),
        ],
        true,
      );
      this.pdf.ensure(ROW_HEIGHT);
      this.pdf.text(
        `Zuwendung: Summe der bekannten Beträge; ${totals.projectsWithUnknownGrant} Projekte ohne bekannte Zuwendung sind darin nicht enthalten.`,
        MARGIN.left,
        this.pdf.y + 3,
        { size: 7, color: MUTED, width: this.pdf.width },
      );
    } else {
      this.pdf.row(
        TRANSACTION_COLUMNS,
        [`Summe Bewilligungen (${commitmentCount})`, 'Bewilligung', '', '', '', money(totals.committedCents)],
        true,
      );
      this.pdf.row(
        TRANSACTION_COLUMNS,
        [`Summe Auszahlungen (${disbursementCount})`, 'Auszahlung', '', '', '', money(totals.disbursedCents)],
        true,
      );
    }
    this.pdf.doc.end();
  }
}
