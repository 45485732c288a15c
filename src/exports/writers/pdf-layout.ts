import PDFDocument from 'pdfkit';
import { pdfFonts } from './pdf-fonts';

export const MARGIN = { top: 50, bottom: 50, left: 42, right: 42 };
export const INK = '#1d2733';
export const MUTED = '#5b6573';
export const BRAND = '#1f4e79';
export const LIGHT = '#eef2f7';
export const GRID = '#d5dbe3';
const STRIPE = '#f6f8fb';
export const ROW_HEIGHT = 11.5;
const TABLE_SIZE = 7;

export type Align = 'left' | 'right' | 'center';
export interface Column {
  title: string;
  width: number;
  align?: Align;
}

/**
 * Page flow for a streamed pdfkit document: one line of text per call, fitted
 * to a width; headings; tables whose header repeats on every page; a footer
 * with the page number. Text is drawn without pdfkit's line wrapper and
 * measured from cached glyph widths, which keeps a list of a million rows
 * fast; pages are finished as the cursor moves on, never kept.
 */
export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly fonts = pdfFonts();
  readonly width = 595.28 - MARGIN.left - MARGIN.right;
  /** The cursor: where the next element starts on the current page. */
  y = MARGIN.top;
  private page = 0;
  private tableColumns: Column[] | null = null;
  private stripe = false;
  private readonly charWidths = new Map<string, Map<string, number>>();
  private currentFont = '';
  private currentSize = 10;

  constructor(
    info: PDFKit.DocumentInfo,
    private readonly footerText: string,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      autoFirstPage: false,
      bufferPages: false,
      lang: 'de-DE',
      displayTitle: true,
      info,
    });
    for (const [name, path] of this.fonts.files) this.doc.registerFont(name, path);
    this.doc.on('pageAdded', () => this.footer());
  }

  get maxY(): number {
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
    doc
      .moveTo(MARGIN.left, y - 6)
      .lineTo(MARGIN.left + this.width, y - 6)
      .lineWidth(0.5)
      .strokeColor(GRID)
      .stroke();
    this.text(this.footerText, MARGIN.left, y, { size: 7, color: MUTED });
    this.text(`Seite ${this.page}`, MARGIN.left, y, { size: 7, color: MUTED, width: this.width, align: 'right' });
    doc.page.margins.bottom = bottom;
    this.y = MARGIN.top;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
    this.stripe = false;
  }

  /** Room for `height` more points on this page, or a new page (with the table header again when inside a table). */
  ensure(height: number): void {
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
    const families =
      (this.doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
    for (const font of Object.values(families)) {
      if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
    }
  }

  /** A label split at a space into at most two lines that fit `width` (the second cut with "…" if needed). */
  twoLines(label: string, width: number, size: number): string[] {
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
  text(
    value: string,
    x: number,
    y: number,
    opts: { size?: number; bold?: boolean; condensed?: boolean; color?: string; width?: number; align?: Align; number?: boolean } = {},
  ): void {
    const doc = this.doc;
    const f = this.fonts;
    this.currentFont = opts.condensed ? (opts.bold ? f.condensedBold : f.condensed) : opts.bold ? f.bold : f.regular;
    this.currentSize = opts.size ?? 10;
    doc
      .font(this.currentFont)
      .fontSize(this.currentSize)
      .fillColor(opts.color ?? INK);
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

  heading(title: string, note?: string): void {
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
      this.text(c.title, x + 2, this.y + 3, {
        size: TABLE_SIZE,
        bold: true,
        condensed: true,
        color: BRAND,
        width: c.width - 4,
        align: c.align,
      });
      x += c.width;
    }
    this.y += ROW_HEIGHT + 3;
    this.stripe = false;
  }

  startTable(columns: Column[]): void {
    this.ensure(ROW_HEIGHT * 3);
    this.tableColumns = columns;
    this.tableHeader(columns);
  }

  endTable(): void {
    this.tableColumns = null;
    this.y += 8;
  }

  row(columns: Column[], cells: string[], bold = false): void {
    this.ensure(ROW_HEIGHT);
    const doc = this.doc;
    if (bold) {
      doc
        .moveTo(MARGIN.left, this.y)
        .lineTo(MARGIN.left + this.width, this.y)
        .lineWidth(0.7)
        .strokeColor(BRAND)
        .stroke();
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
}
