import { api, unwrap } from '../../lib/api-client';
import { centsToDecimalCell } from '../../lib/format';
import { PHASE_LABELS, STATUS_LABELS, type Project } from '../../lib/portfolio';
import type { ProjectQuery } from './explorer-params';
import { texts } from './texts';

/*
 * "Diese Ansicht als CSV herunterladen": exactly the rows the filters select (all pages, not only the one shown),
 * read from the API in pages of 500 and written for German spreadsheets: UTF-8 with BOM, ";" separator, CRLF,
 * decimal comma, RFC 4180 quoting. Text that a spreadsheet would run as a formula gets a leading "'".
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

export async function fetchAllProjects(query: ProjectQuery): Promise<Project[]> {
  const rows: Project[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = unwrap(await api.GET('/api/v1/projects', { params: { query: { ...query, limit: 500, offset } } }));
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

export function toCsv(lines: string[][]): string {
  return '\ufeff' + lines.map((line) => line.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
