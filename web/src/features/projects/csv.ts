import { api, unwrap } from '../../lib/api-client';
import type { Project } from '../../lib/portfolio';
import type { ProjectQuery } from './explorer-params';

/* "Diese Ansicht als CSV herunterladen": exactly the rows the filters select (all pages, not only the one shown). */
export async function fetchAllProjects(query: ProjectQuery): Promise<Project[]> {
  const rows: Project[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = unwrap(await api.GET('/api/v1/projects', { params: { query: { ...query, limit: 500, offset } } }));
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
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
