import { centsToDecimalCell } from '../../lib/format';
import { PHASE_LABELS, STATUS_LABELS, type Project } from '../../lib/portfolio';
import { texts } from './texts';

/*
 * The explorer's CSV, written for German spreadsheets: UTF-8 with BOM, ";" separator, CRLF, decimal comma,
 * RFC 4180 quoting. Text that a spreadsheet would run as a formula gets a leading "'"; amounts never do.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function projectRow(p: Project, categoryName: (code: string) => string, stateName: (code: string) => string): string[] {
  return [
    p.slug, p.name, p.motto ?? '', String(p.round.number), String(p.round.year), categoryName(p.category),
    p.states.map(stateName).join(', '), p.lead?.name ?? '', p.members.map((m) => m.name).join(', '),
    centsToDecimalCell(p.grantCents), p.grantUncertain ? texts.yes : texts.no, PHASE_LABELS[p.phase], STATUS_LABELS[p.status], p.source,
  ];
}

export function toCsv(lines: string[][]): string {
  return '\ufeff' + lines.map((line) => line.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

