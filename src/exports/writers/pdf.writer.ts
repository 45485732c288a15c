import PDFDocument from 'pdfkit';
import { berlinDateTime, centsToGerman, centsToMillions, germanDate } from '../export-format';
import type { ExportMeta, NamedGroup, ProjectRow, RoundGroup, Tally, TransactionRow } from '../export.model';
import { consumedBelow, FormatWriter } from './format-writer';
import { pdfFonts } from './pdf-fonts';

const MARGIN = { top: 50, bottom: 50, left: 42, right: 42 };
const INK = '#1d2733';
const MUTED = '#5b6573';
const BRAND = '#1f4e79';
const LIGHT = '#eef2f7';
const STRIPE = '#f6f8fb';
const GRID = '#d5dbe3';
const SERIES = [
  { name: 'Zuwendung (bekannt)', color: '#9fb7d3' },
  { name: 'Bewilligt', color: '#1f4e79' },
  { name: 'Ausgezahlt', color: '#e08a1e' },
];
const CATEGORY_SHORT: Record<string, string> = {
  GROSSSTADT: 'Großstadt',
  MITTELSTADT: 'Mittelstadt',
  KLEINSTADT_LANDGEMEINDE: 'Kleinstadt/Land',
  INTERKOMMUNAL_LANDKREIS: 'Interkomm./Kreis',
};
/** pdfkit pushes pages into its own buffer without waiting: the writer pauses above this much unread output. */
const BUFFER_LIMIT = 1 << 20;
const ROW_HEIGHT = 11.5;
const TABLE_SIZE = 7;

type Align = 'left' | 'right' | 'center';
interface Column {
  title: string;
  width: number;
  align?: Align;
}

const GROUP_COLUMNS = (first: string): Column[] => [
  { title: first, width: 143 },
  { title: 'Projekte', width: 34, align: 'right' },
  { title: 'unbek.', width: 30, align: 'right' },
  { title: 'Zuwendung €', width: 64, align: 'right' },
  { title: 'Bewilligt €', width: 60, align: 'right' },
  { title: 'Ausgezahlt €', width: 60, align: 'right' },
  { title: 'Berichtet €', width: 60, align: 'right' },
  { title: 'Verbleibend €', width: 60, align: 'right' },
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
 * the data's timestamp, the key figures and a bar chart by round; a page with
 * the chart by category and the tables by round, category and Land; then the
 * project (or entry) list, paginated with the table header repeated on each
 * page. Pages are handed to the output as they are finished, so a list of a
 * million rows never sits in memory; the text is drawn without pdfkit's line
 * wrapper (one line per cell, fitted to its column) to keep that fast.
 */
export class PdfWriter implements FormatWriter {
  readonly output: PDFKit.PDFDocument;
  readonly contentType = 'application/pdf';
  readonly extension = 'pdf';
  private readonly fonts = pdfFonts();
  private readonly doc: PDFKit.PDFDocument;
  private page = 0;
  private y = MARGIN.top;
  private tableColumns: Column[] | null = null;
  private stripe = false;
  private readonly width: number;
  private readonly charWidths = new Map<string, Map<string, number>>();
  private currentFont = '';
  private currentSize = 10;

  constructor(private readonly meta: ExportMeta) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      autoFirstPage: false,
      bufferPages: false,
      lang: 'de-DE',
      displayTitle: true,
      info: {
        Title: `${meta.programme.code} Förderübersicht`,
        Author: 'mpsc-tracker',
        Subject: `${meta.programme.name}: Förderübersicht, Datenstand ${berlinDateTime(meta.dataAsOf)}`,
        // The data's timestamp, not the wall clock: the same data gives the same bytes.
        CreationDate: meta.dataAsOf,
        ModDate: meta.dataAsOf,
      },
    });
    this.output = this.doc;
    for (const [name, path] of this.fonts.files) this.doc.registerFont(name, path);
    this.width = 595.28 - MARGIN.left - MARGIN.right;
    this.doc.on('pageAdded', () => this.footer());
  }

  private get maxY(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private footer(): void {
    this.page += 1;
    if (this.page % 10 === 0) this.trimLayoutCaches();
    const doc = this.doc;
    const y = doc.page.height - 32;
    // Writing below the bottom margin would make pdfkit open another page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + this.width, y - 6).lineWidth(0.5).strokeColor(GRID).stroke();
    this.text(`${this.meta.programme.code} · Förderübersicht · Datenstand ${berlinDateTime(this.meta.dataAsOf)}`, MARGIN.left, y, { size: 7, color: MUTED });
    this.text(`Seite ${this.page}`, MARGIN.left, y, { size: 7, color: MUTED, width: this.width, align: 'right' });
    doc.page.margins.bottom = bottom;
    this.y = MARGIN.top;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
    this.stripe = false;
  }

  /** Room for `height` more points on this page, or a new page (with the table header again when inside a table). */
  private ensure(height: number): void {
    if (this.y + height <= this.maxY) return;
    this.newPage();
    if (this.tableColumns) this.tableHeader(this.tableColumns);
  }

  /**
   * Width of `text` in the current font and size, from per-character widths
   * measured once (kerning left out, a fraction of a point). Asking pdfkit
   * instead lays out every distinct string with fontkit, the main cost of a
   * long list.
   */
  private measure(text: string): number {
    let widths = this.charWidths.get(this.currentFont);
    if (!widths) this.charWidths.set(this.currentFont, (widths = new Map()));
    let total = 0;
    for (const char of text) {
      let w = widths.get(char);
      if (w === undefined) {
        w = this.doc.widthOfString(char) / this.currentSize;
        widths.set(char, w);
      }
      total += w;
    }
    return total * this.currentSize;
  }

  /** Longest prefix of `text` (with "…") that fits `width` at the current font. */
  private fit(text: string, width: number): string {
    if (this.measure(text) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  /**
   * pdfkit caches the layout of every word drawn with an embedded font, with
   * no limit: the distinct amounts of a long list would make it grow with the
   * rows. Emptied every few pages, it keeps its use (repeated words) and
   * memory stays flat.
   */
  private trimLayoutCaches(): void {
    const families = (this.doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
    for (const font of Object.values(families)) {
      if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
    }
  }

  /** A label split at a space into at most two lines that fit `width` (the second cut with "…" if needed). */
  private twoLines(label: string, width: number, size: number): string[] {
    const doc = this.doc.font(this.fonts.regular).fontSize(size);
    const text = this.fonts.clean(label);
    if (doc.widthOfString(text) <= width) return [label];
    const words = text.split(' ');
    let first = words[0];
    let i = 1;
    while (i < words.length && doc.widthOfString(`${first} ${words[i]}`) <= width) first = `${first} ${words[i++]}`;
    return [first, words.slice(i).join(' ')].filter((line) => line !== '');
  }

  /**
   * One line of text at (x, y). With a width the text is fitted: words are cut
   * with "…", numbers (never cut) shrink instead.
   */
  private text(
    value: string,
    x: number,
    y: number,
    opts: { size?: number; bold?: boolean; condensed?: boolean; color?: string; width?: number; align?: Align; number?: boolean } = {},
  ): void {
    const doc = this.doc;
    const f = this.fonts;
    this.currentFont = opts.condensed ? (opts.bold ? f.condensedBold : f.condensed) : opts.bold ? f.bold : f.regular;
    this.currentSize = opts.size ?? 10;
    doc.font(this.currentFont).fontSize(this.currentSize).fillColor(opts.color ?? INK);
    let text = f.clean(value);
    if (opts.width !== undefined) {
      if (opts.number) {
        while (this.currentSize > 4.5 && this.measure(text) > opts.width) doc.fontSize((this.currentSize -= 0.5));
      } else text = this.fit(text, opts.width);
      if (opts.align === 'right') x += opts.width - this.measure(text);
      else if (opts.align === 'center') x += (opts.width - this.measure(text)) / 2;
    }
    doc.text(text, x, y, { lineBreak: false });
  }

  private heading(title: string, note?: string): void {
    this.ensure(note ? 44 : 32);
    this.y += 6;
    this.text(title, MARGIN.left, this.y, { size: 13, bold: true, color: BRAND });
    this.y += 19;
    if (note) {
      this.text(note, MARGIN.left, this.y, { size: 7.5, color: MUTED, width: this.width });
      this.y += 12;
    }
  }

  private tableHeader(columns: Column[]): void {
    const doc = this.doc;
    doc.rect(MARGIN.left, this.y, this.width, ROW_HEIGHT + 3).fill(LIGHT);
    let x = MARGIN.left;
    for (const c of columns) {
      this.text(c.title, x + 2, this.y + 3, { size: TABLE_SIZE, bold: true, condensed: true, color: BRAND, width: c.width - 4, align: c.align });
      x += c.width;
    }
    this.y += ROW_HEIGHT + 3;
    this.stripe = false;
  }

  private startTable(columns: Column[]): void {
    this.ensure(ROW_HEIGHT * 3);
    this.tableColumns = columns;
    this.tableHeader(columns);
  }

  private endTable(): void {
    this.tableColumns = null;
    this.y += 8;
  }

  private row(columns: Column[], cells: string[], bold = false): void {
    this.ensure(ROW_HEIGHT);
    const doc = this.doc;
    if (bold) {
      doc.moveTo(MARGIN.left, this.y).lineTo(MARGIN.left + this.width, this.y).lineWidth(0.7).strokeColor(BRAND).stroke();
    } else if (this.stripe) {
      doc.rect(MARGIN.left, this.y, this.width, ROW_HEIGHT).fill(STRIPE);
    }
    this.stripe = !this.stripe;
    let x = MARGIN.left;
    columns.forEach((c, i) => {
      this.text(cells[i] ?? '', x + 2, this.y + 2.5, {
        size: TABLE_SIZE,
        bold,
        condensed: true,
        width: c.width - 4,
        align: c.align,
        number: c.align === 'right',
      });
      x += c.width;
    });
    this.y += ROW_HEIGHT;
  }

  private tallyCells(t: Tally): string[] {
    return [
      String(t.projectCount),
      String(t.projectsWithUnknownGrant),
      money(t.grantedCents),
      money(t.committedCents),
      money(t.disbursedCents),
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
    const doc = this.doc;
    const { programme, summary } = this.meta;
    const t = summary.totals;
    const left = MARGIN.left;
    doc.rect(0, 0, doc.page.width, 8).fill(BRAND);
    this.text('MODELLPROJEKTE SMART CITIES', left, 52, { size: 8.5, bold: true, color: MUTED });
    this.text('Förderübersicht', left, 66, { size: 26, bold: true, color: BRAND });
    this.text(programme.name, left, 102, { size: 10, color: MUTED, width: this.width });

    const lines = this.selectionLines();
    const boxTop = 122;
    const boxHeight = lines.length * 13 + 12;
    doc.roundedRect(left, boxTop, this.width, boxHeight, 4).fill(LIGHT);
    lines.forEach(([label, value], i) => {
      const y = boxTop + 8 + i * 13;
      this.text(label, left + 12, y, { size: 8.5, bold: true, color: MUTED });
      this.text(value, left + 92, y, { size: 9, width: this.width - 104 });
    });

    this.y = boxTop + boxHeight + 16;
    this.text('Kennzahlen', left, this.y, { size: 13, bold: true, color: BRAND });
    this.y += 19;
    const figures: [string, string, string?][] = [
      ['Projekte', String(t.projectCount)],
      ['Zuwendungen (bekannt)', centsToGerman(t.grantedCents), 'Summe der Zuwendungen, die eine Quelle nennt'],
      ['Zuwendung unbekannt', `${t.projectsWithUnknownGrant} Projekte`, 'keine Quelle nennt einen Betrag; nicht in der Summe'],
      ['Zuwendung unsicher', `${t.projectsWithUncertainGrant} Projekte`, 'die Quelle nennt den Betrag als unsicher'],
      ['Bewilligt', centsToGerman(t.committedCents), 'Zuwendungsbescheide'],
      ['Ausgezahlt', centsToGerman(t.disbursedCents), 'Mittelabrufe'],
      ['Verbleibend', centsToGerman(t.remainingCents), 'bewilligt, noch nicht ausgezahlt'],
      ['Berichtete Ausgaben', centsToGerman(t.reportedSpendCents), 'aus eingereichten und angenommenen Berichten'],
      ['Programmbudget', centsToGerman(programme.budgetCents), 'gesamtes Programm'],
    ];
    for (const [label, value, note] of figures) {
      this.text(label, left, this.y, { size: 9.5, color: MUTED });
      this.text(value, left + 150, this.y, { size: 10.5, bold: true, width: 120, align: 'right', number: true });
      if (note) this.text(note, left + 284, this.y + 1.5, { size: 7.5, color: MUTED, width: this.width - 284 });
      this.y += 15.5;
      doc.moveTo(left, this.y - 3.5).lineTo(left + this.width, this.y - 4).lineWidth(0.4).strokeColor(GRID).stroke();
    }

    this.y += 10;
    this.barChart(
      'Förderung nach Staffel',
      summary.byRound.map((r) => ({ label: `Staffel ${r.number} (${r.year})`, tally: r })),
    );
    this.barChart(
      'Förderung nach Kategorie',
      summary.byCategory.map((c) => ({ label: c.name, tally: c })),
    );
  }

  /**
   * Grouped horizontal bars (known grant, committed, disbursed) per group,
   * drawn as vector shapes, with a scale, a legend and a label per bar.
   */
  private barChart(title: string, groups: { label: string; tally: Tally }[]): void {
    const doc = this.doc;
    const barH = 7;
    const gap = 1.5;
    const groupH = SERIES.length * (barH + gap) + 9;
    const height = 20 + 15 + groups.length * groupH + 16 + 12;
    this.ensure(height);
    const left = MARGIN.left;
    this.text(title, left, this.y, { size: 13, bold: true, color: BRAND });
    this.text('in Mio. €', left + this.doc.font(this.fonts.bold).fontSize(13).widthOfString(this.fonts.clean(title)) + 8, this.y + 4.5, { size: 8, color: MUTED });
    this.y += 20;

    // Legend
    let lx = left;
    for (const s of SERIES) {
      doc.rect(lx, this.y + 1, 8, 8).fill(s.color);
      this.text(s.name, lx + 12, this.y + 1, { size: 7.5, color: MUTED });
      lx += 24 + doc.widthOfString(s.name);
    }
    this.y += 15;

    const labelW = 130;
    const valueW = 64;
    const x0 = left + labelW;
    const plotW = this.width - labelW - valueW;
    const values = groups.flatMap((g) => [g.tally.grantedCents, g.tally.committedCents, g.tally.disbursedCents]);
    const { max, step } = niceScale(Math.max(0, ...values));
    const top = this.y;
    const plotH = groups.length * groupH;

    // Grid and scale
    for (let v = 0; v <= max + step / 2; v += step) {
      const x = x0 + (v / max) * plotW;
      doc.moveTo(x, top - 2).lineTo(x, top + plotH).lineWidth(0.4).strokeColor(GRID).stroke();
      const label = centsToMillions(v).replace(/,0$/, '');
      this.text(label, x - 20, top + plotH + 3, { size: 6.5, color: MUTED, width: 40, align: 'center' });
    }

    groups.forEach((g, i) => {
      const gy = top + i * groupH;
      const middle = gy + (SERIES.length * (barH + gap)) / 2;
      const lines = this.twoLines(g.label, labelW - 8, 7.5);
      lines.forEach((line, k) => this.text(line, left, middle - lines.length * 4.75 + k * 9.5, { size: 7.5, width: labelW - 8 }));
      const bars = [g.tally.grantedCents, g.tally.committedCents, g.tally.disbursedCents];
      bars.forEach((v, j) => {
        const by = gy + j * (barH + gap);
        const w = max > 0 ? (v / max) * plotW : 0;
        if (w > 0) doc.rect(x0, by, Math.max(w, 0.8), barH).fill(SERIES[j].color);
        this.text(centsToMillions(v), x0 + w + 3, by, { size: 6.5, color: v > 0 ? INK : MUTED });
      });
    });
    doc.moveTo(x0, top - 2).lineTo(x0, top + plotH).lineWidth(0.8).strokeColor(MUTED).stroke();
    this.y = top + plotH + 14;
    const unknown = groups.reduce((n, g) => n + g.tally.projectsWithUnknownGrant, 0);
    if (unknown > 0) {
      this.text(`Zuwendung: nur bekannte Beträge; ${unknown} Projekte ohne bekannte Zuwendung sind darin nicht enthalten.`, left, this.y, {
        size: 7,
        color: MUTED,
        width: this.width,
      });
    }
    this.y += 22;
  }

  private groupTable(title: string, first: string, groups: { label: string; tally: Tally }[], note?: string): void {
    this.heading(title, note);
    const columns = GROUP_COLUMNS(first);
    this.startTable(columns);
    for (const g of groups) this.row(columns, [g.label, ...this.tallyCells(g.tally)]);
    this.row(columns, [note ? 'Gesamt (jedes Projekt einmal)' : 'Summe', ...this.tallyCells(this.meta.summary.totals)], true);
    this.endTable();
  }

  async begin(): Promise<void> {
    const { summary, rows } = this.meta;
    this.newPage();
    this.titlePage();

    this.newPage();
    this.groupTable('Nach Staffel', 'Staffel', summary.byRound.map((r: RoundGroup) => ({ label: `${r.number} (${r.year})`, tally: r })));
    this.groupTable('Nach Kategorie', 'Kategorie', summary.byCategory.map((c: NamedGroup) => ({ label: c.name, tally: c })));
    this.groupTable(
      'Nach Land',
      'Land',
      summary.byState.map((s: NamedGroup) => ({ label: s.name, tally: s })),
      'Projekte, die mehrere Länder umfassen, zählen in jedem dieser Länder voll; die Länderzeilen ergeben zusammen mehr als die Gesamtsumme.',
    );

    this.newPage();
    if (rows === 'projects') {
      this.heading(
        'Projekte',
        'St. = Staffel; Länder als ISO-3166-2-Kürzel ohne „DE-“. „unbekannt“: keine Quelle nennt eine Zuwendung (nicht in den Summen). * Betrag laut Quelle unsicher.',
      );
      this.startTable(PROJECT_COLUMNS);
    } else {
      this.heading('Buchungen', 'Bewilligungen, dann Auszahlungen, jeweils in der Reihenfolge ihrer Erfassung. Bewilligungen: Phase; Haushaltsjahr bei beiden.');
      this.startTable(TRANSACTION_COLUMNS);
    }
    await consumedBelow(this.doc, BUFFER_LIMIT);
  }

  async projects(rows: ProjectRow[]): Promise<void> {
    for (const p of rows) {
      this.row(PROJECT_COLUMNS, [
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
    await consumedBelow(this.doc, BUFFER_LIMIT);
  }

  async transactions(rows: TransactionRow[]): Promise<void> {
    for (const t of rows) {
      this.row(TRANSACTION_COLUMNS, [
        t.projectName,
        t.type === 'commitment' ? 'Bewilligung' : 'Auszahlung',
        germanDate(t.date),
        t.phase ?? '',
        String(t.budgetYear),
        money(t.amountCents),
      ]);
    }
    await consumedBelow(this.doc, BUFFER_LIMIT);
  }

  async end(): Promise<void> {
    const { totals, commitmentCount, disbursementCount } = this.meta.summary;
    if (this.meta.rows === 'projects') {
      this.row(
        PROJECT_COLUMNS,
        [
          `Summe: ${totals.projectCount} Projekte`,
          '', '', '',
          money(totals.grantedCents),
          money(totals.committedCents),
          money(totals.disbursedCents),
          money(totals.reportedSpendCents),
          money(totals.remainingCents),
        ],
        true,
      );
      this.ensure(ROW_HEIGHT);
      this.text(
        `Zuwendung: Summe der bekannten Beträge; ${totals.projectsWithUnknownGrant} Projekte ohne bekannte Zuwendung sind darin nicht enthalten.`,
        MARGIN.left,
        this.y + 3,
        { size: 7, color: MUTED, width: this.width },
      );
    } else {
      this.row(TRANSACTION_COLUMNS, [`Summe Bewilligungen (${commitmentCount})`, 'Bewilligung', '', '', '', money(totals.committedCents)], true);
      this.row(TRANSACTION_COLUMNS, [`Summe Auszahlungen (${disbursementCount})`, 'Auszahlung', '', '', '', money(totals.disbursedCents)], true);
    }
    this.tableColumns = null;
    this.doc.end();
  }
}

/** A scale maximum and step (cents) with round numbers of millions, about four steps. */
function niceScale(maxCents: number): { max: number; step: number } {
  const million = 100_000_000;
  if (maxCents <= 0) return { max: million, step: million / 4 };
  const raw = maxCents / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) as number;
  return { max: Math.ceil(maxCents / step) * step, step };
}
