import { centsToMillions } from '../../common/money-format';
import type { Tally } from '../export.model';
import type { PdfLayout } from './pdf-layout';
import { BRAND, GRID, INK, MARGIN, MUTED } from './pdf-layout';

const SERIES = [
  { name: 'Zuwendung (bekannt)', color: '#9fb7d3' },
  { name: 'Bewilligt', color: '#1f4e79' },
  { name: 'Ausgezahlt', color: '#e08a1e' },
];

const BAR_H = 7;
const GAP = 1.5;
const GROUP_H = SERIES.length * (BAR_H + GAP) + 9;
const LABEL_W = 130;
const VALUE_W = 64;

type ChartGroup = { label: string; tally: Tally };

/**
 * Grouped horizontal bars (known grant, committed, disbursed) per group,
 * drawn as vector shapes, with a scale, a legend and a label per bar.
 */
export function drawBarChart(pdf: PdfLayout, title: string, groups: ChartGroup[]): void {
  pdf.ensure(20 + 15 + groups.length * GROUP_H + 16 + 12);
  heading(pdf, title);
  legend(pdf);
  const x0 = MARGIN.left + LABEL_W;
  const plotW = pdf.width - LABEL_W - VALUE_W;
  const values = groups.flatMap((g) => [g.tally.grantedCents, g.tally.committedCents, g.tally.disbursedCents]);
  const { max, step } = niceScale(Math.max(0, ...values));
  const top = pdf.y;
  const plotH = groups.length * GROUP_H;
  grid(pdf, { x0, plotW, top, plotH, max, step });
  groups.forEach((g, i) => bars(pdf, g, top + i * GROUP_H, { x0, plotW, max }));
  pdf.doc
    .moveTo(x0, top - 2)
    .lineTo(x0, top + plotH)
    .lineWidth(0.8)
    .strokeColor(MUTED)
    .stroke();
  pdf.y = top + plotH + 14;
  const unknown = groups.reduce((n, g) => n + g.tally.projectsWithUnknownGrant, 0);
  if (unknown > 0) {
    pdf.text(
      `Zuwendung: nur bekannte Beträge; ${unknown} Projekte ohne bekannte Zuwendung sind darin nicht enthalten.`,
      MARGIN.left,
      pdf.y,
      { size: 7, color: MUTED, width: pdf.width },
    );
  }
  pdf.y += 22;
}

function heading(pdf: PdfLayout, title: string): void {
  const left = MARGIN.left;
  pdf.text(title, left, pdf.y, { size: 13, bold: true, color: BRAND });
  pdf.text('in Mio. €', left + pdf.doc.font(pdf.fonts.bold).fontSize(13).widthOfString(pdf.fonts.clean(title)) + 8, pdf.y + 4.5, {
    size: 8,
    color: MUTED,
  });
  pdf.y += 20;
}

function legend(pdf: PdfLayout): void {
  let lx = MARGIN.left;
  for (const s of SERIES) {
    pdf.doc.rect(lx, pdf.y + 1, 8, 8).fill(s.color);
    pdf.text(s.name, lx + 12, pdf.y + 1, { size: 7.5, color: MUTED });
    lx += 24 + pdf.doc.widthOfString(s.name);
  }
  pdf.y += 15;
}

function grid(pdf: PdfLayout, p: { x0: number; plotW: number; top: number; plotH: number; max: number; step: number }): void {
  for (let v = 0; v <= p.max + p.step / 2; v += p.step) {
    const x = p.x0 + (v / p.max) * p.plotW;
    pdf.doc
      .moveTo(x, p.top - 2)
      .lineTo(x, p.top + p.plotH)
      .lineWidth(0.4)
      .strokeColor(GRID)
      .stroke();
    const label = centsToMillions(v).replace(/,0$/, '');
    pdf.text(label, x - 20, p.top + p.plotH + 3, { size: 6.5, color: MUTED, width: 40, align: 'center' });
  }
}

function bars(pdf: PdfLayout, g: ChartGroup, gy: number, p: { x0: number; plotW: number; max: number }): void {
  const middle = gy + (SERIES.length * (BAR_H + GAP)) / 2;
  const lines = pdf.twoLines(g.label, LABEL_W - 8, 7.5);
  lines.forEach((line, k) => pdf.text(line, MARGIN.left, middle - lines.length * 4.75 + k * 9.5, { size: 7.5, width: LABEL_W - 8 }));
  [g.tally.grantedCents, g.tally.committedCents, g.tally.disbursedCents].forEach((v, j) => {
    const by = gy + j * (BAR_H + GAP);
    const w = p.max > 0 ? (v / p.max) * p.plotW : 0;
    if (w > 0) pdf.doc.rect(p.x0, by, Math.max(w, 0.8), BAR_H).fill(SERIES[j].color);
    pdf.text(centsToMillions(v), p.x0 + w + 3, by, { size: 6.5, color: v > 0 ? INK : MUTED });
  });
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
