import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { Button } from '../../components/forms';
import { Alert, LoadError, Loading, PageTitle } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { formatCents, formatNumber } from '../../lib/format';
import { STATUS_LABELS, useCategories, useStates, type Project } from '../../lib/portfolio';
import { Link, useRouter, useSearchParams } from '../../lib/router';
import { download, fetchAllProjects } from './csv';
import { projectRow, toCsv } from './csv-format';
import { apiQuery, explorerUrl, PAGE_SIZE, readFilters, type ExplorerFilters } from './explorer-params';
import { FilterForm } from './FilterForm';
import { texts } from './texts';

function useNames() {
  const categories = useCategories();
  const states = useStates();
  return {
    category: (code: string) => categories.data?.find((c) => c.code === code)?.name ?? code,
    state: (code: string) => states.data?.find((s) => s.code === code)?.name ?? code,
  };
}

function CsvButton({ filters }: { filters: ExplorerFilters }) {
  const names = useNames();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const run = async () => {
    setState('busy');
    try {
      const rows = await fetchAllProjects(apiQuery(filters));
      download(toCsv([texts.csvHeader, ...rows.map((p) => projectRow(p, names.category, names.state))]), 'mpsc-projekte.csv');
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={() => void run()} disabled={state === 'busy'}>{state === 'busy' ? texts.csvBusy : texts.csv}</Button>
      {state === 'failed' && <Alert kind="danger" title={texts.csvFailed} />}
    </>
  );
}

function Pagination({ filters, total }: { filters: ExplorerFilters; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  return (
    <nav aria-label={texts.paginationLabel}>
      <ul className="pagination">
        {filters.seite > 1 && <li><Link to={explorerUrl({ ...filters, seite: filters.seite - 1 })}>{texts.previous}</Link></li>}
        <li aria-current="page">{texts.pageOf(filters.seite, pages)}</li>
        {filters.seite < pages && <li><Link to={explorerUrl({ ...filters, seite: filters.seite + 1 })}>{texts.next}</Link></li>}
      </ul>
    </nav>
  );
}

export default function ExplorerPage() {
  const { location } = useRouter();
  const filters = readFilters(useSearchParams());
  const names = useNames();
  const query = { ...apiQuery(filters), limit: PAGE_SIZE, offset: (filters.seite - 1) * PAGE_SIZE };
  const result = useQuery({
    queryKey: ['projects', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const columns: Column<Project>[] = [
    { key: 'name', header: texts.colName, rowHeader: true, cell: (p) => <Link to={`/projekte/${p.slug}`}>{p.name}</Link> },
    { key: 'round', header: texts.colRound, cell: (p) => `${p.round.number} (${p.round.year})` },
    { key: 'category', header: texts.colCategory, cell: (p) => names.category(p.category) },
    { key: 'states', header: texts.colStates, cell: (p) => p.states.map(names.state).join(', ') },
    { key: 'grant', header: texts.colGrant, numeric: true, cell: (p) => `${formatCents(p.grantCents)}${p.grantUncertain ? ` ${texts.uncertain}` : ''}` },
    { key: 'status', header: texts.colStatus, cell: (p) => STATUS_LABELS[p.status] },
  ];
  return (
    <>
      <PageTitle title={texts.explorerTitle}>{texts.explorerTitle}</PageTitle>
      <p className="kern-body">{texts.explorerLead}</p>
      <FilterForm key={location.search} filters={filters} />
      <section aria-labelledby="ergebnis" className="page-section">
        <h2 id="ergebnis" className="kern-heading-small" aria-live="polite">
          {result.data ? texts.count(result.data.total) : texts.tableCaption}
        </h2>
        <div className="actions"><CsvButton filters={filters} /></div>
        {result.isError && (result.error instanceof ApiRequestError && result.error.status === 400
          ? <Alert kind="warning" title={texts.badFilters}><Link to="/projekte">{texts.reset}</Link></Alert>
          : <LoadError error={result.error} onRetry={() => void result.refetch()} />)}
        {!result.data && !result.isError && <Loading />}
        {result.data && result.data.total === 0 && <p className="kern-body">{texts.none}</p>}
        {result.data && result.data.total > 0 && (
          <>
            <DataTable caption={`${texts.tableCaption}: ${formatNumber(result.data.total)}`} hideCaption columns={columns} rows={result.data.items} rowKey={(p) => p.id} />
            <Pagination filters={filters} total={result.data.total} />
          </>
        )}
      </section>
    </>
  );
}
