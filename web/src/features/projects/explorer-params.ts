import type { paths } from '../../api/schema';

/*
 * The explorer's state is its URL: staffel, kategorie, land, status, q, sort, seite. These helpers turn the query
 * string into API parameters and back, so a copied link shows the same view.
 */
export const PAGE_SIZE = 20;
export const SORTS = ['name', '-name', '-grantCents', 'grantCents', 'round', '-round'] as const;
export type Sort = (typeof SORTS)[number];

export interface ExplorerFilters { staffel: string; kategorie: string; land: string; status: string; q: string; sort: Sort; seite: number }

export function readFilters(params: URLSearchParams): ExplorerFilters {
  const sort = params.get('sort') ?? 'name';
  const seite = Number(params.get('seite') ?? '1');
  return {
    staffel: params.get('staffel') ?? '',
    kategorie: params.get('kategorie') ?? '',
    land: params.get('land') ?? '',
    status: params.get('status') ?? '',
    q: params.get('q') ?? '',
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : 'name',
    seite: Number.isInteger(seite) && seite > 0 ? seite : 1,
  };
}

/** The URL of a view; empty filters, the default sort and page 1 are left out. */
export function explorerUrl(filters: Partial<ExplorerFilters>): string {
  const params = new URLSearchParams();
  for (const key of ['staffel', 'kategorie', 'land', 'status', 'q'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  if (filters.sort && filters.sort !== 'name') params.set('sort', filters.sort);
  if (filters.seite && filters.seite > 1) params.set('seite', String(filters.seite));
  const query = params.toString();
  return query ? `/projekte?${query}` : '/projekte';
}

export type ProjectQuery = NonNullable<paths['/api/v1/projects']['get']['parameters']['query']>;

/** The API query for a view (without paging). Values come from the URL and are passed on; the API validates them. */
export function apiQuery(filters: ExplorerFilters): ProjectQuery {
  const query: ProjectQuery = { sort: filters.sort };
  if (filters.staffel) query.round = Number(filters.staffel);
  if (filters.kategorie) query.category = filters.kategorie as ProjectQuery['category'];
  if (filters.land) query.state = filters.land as ProjectQuery['state'];
  if (filters.status) query.status = filters.status as ProjectQuery['status'];
  if (filters.q.trim()) query.q = filters.q.trim();
  return query;
}
