import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { BarChart } from '../../components/BarChart';
import { DataTable, type Column } from '../../components/DataTable';
import { Button, SelectField } from '../../components/forms';
import { Alert, LoadError, Loading, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { centsToEuros, formatBp, formatCents, formatCentsWhole, formatDateTime, formatNumber } from '../../lib/format';
import { Link, useRouter, useSearchParams } from '../../lib/router';
import { useMe } from '../auth/session';
import { useJob } from '../cockpit/queries';
import { MEASURE_STATUSES } from './model';
import { BY_FIELD, PAGE_SIZE, snapshotKey, STRATEGY_KIND, usePortfolioMeasures, useStrategySnapshot, type MeasureFilter } from './portfolio-queries';
import { labelOf, useVocabularies } from './queries';
import type { StrategyGroup, StrategyRollupContent } from './rollup-types';
import { texts } from './texts';

/*
 * /handlungsfelder?feld=&stand=&seite= (officer, auditor): the strategy roll-up by field of action — chart and table —
 * and the drill-down to the measures of accepted cascades across projects. The filters live in the URL.
 */
const t = texts.portfolio;
const FEDERAL_COLOUR = '#0b5ea8';
const euroTick = (value: number) => formatCentsWhole(value * 100);

function readFilter(params: URLSearchParams): MeasureFilter {
  const page = Number(params.get('seite'));
  return { field: params.get('feld'), status: params.get('stand'), page: Number.isInteger(page) && page > 0 ? page : 1 };
}
const hrefOf = (f: MeasureFilter) => {
  const q = new URLSearchParams();
  if (f.field) q.set('feld', f.field);
  if (f.status) q.set('stand', f.status);
  if (f.page > 1) q.set('seite', String(f.page));
  const s = q.toString();
  return `/handlungsfelder${s ? `?${s}` : ''}`;
};

function Runner() {
  const client = useQueryClient();
  const [job, setJob] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const run = useJob(job);
  const status = run.data?.status;
  useEffect(() => {
    if (status === 'completed') void client.invalidateQueries({ queryKey: snapshotKey });
  }, [status, client]);
  const start = async () => {
    setFailed(false);
    try {
      // One key per click: a repeated request (double click, retry) returns the same run instead of a second one.
      const key = `handlungsfelder-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      const body = { kind: STRATEGY_KIND, groupBy: BY_FIELD };
      setJob(unwrap(await api.POST('/api/v1/rollups', { params: { header: { 'idempotency-key': key } }, body })).id);
    } catch {
      setFailed(true);
    }
  };
  const busy = Boolean(job) && status !== 'completed' && status !== 'failed';
  return (
    <div aria-live="polite" className="actions">
      <Button onClick={() => void start()} disabled={busy}>{busy ? t.running : t.run}</Button>
      {(failed || status === 'failed') && <Alert kind="danger" title={t.runFailed} />}
    </div>
  );
}

function ByField({ content }: { content: StrategyRollupContent }) {
  const rows = content.groups.fieldOfAction;
  const labels = useMemo(() => rows.map((g) => g.label), [rows]);
  const series = useMemo(() => [{ label: t.series, values: rows.map((g) => centsToEuros(g.plannedFederalCents)), color: FEDERAL_COLOUR }], [rows]);
  const columns: Column<StrategyGroup>[] = [
    { key: 'label', header: texts.col.field, rowHeader: true, cell: (g) => <Link to={hrefOf({ field: g.key, status: null, page: 1 })} aria-label={t.open(g.label)}>{g.label}</Link> },
    { key: 'projects', header: texts.col.projects, numeric: true, cell: (g) => formatNumber(g.projectCount) },
    { key: 'measures', header: texts.col.measures, numeric: true, cell: (g) => formatNumber(g.measureCount) },
    { key: 'cost', header: texts.col.cost, numeric: true, cell: (g) => formatCents(g.plannedCostCents) },
    { key: 'federal', header: texts.col.federal, numeric: true, cell: (g) => formatCents(g.plannedFederalCents) },
    { key: 'spend', header: texts.col.spend, numeric: true, cell: (g) => formatCents(g.reportedSpendCents) },
    { key: 'done', header: texts.col.done, numeric: true, cell: (g) => formatNumber(g.measuresDone) },
    { key: 'attainment', header: texts.col.attainment, numeric: true, cell: (g) => formatBp(g.attainmentAvgBp) },
  ];
  return (
    <section aria-labelledby="nach-feld" className="page-section">
      <h2 id="nach-feld" className="kern-heading-medium">{t.chartTitle}</h2>
      <p className="kern-body">{t.dataAsOf}: <strong>{formatDateTime(content.asOf.dataAsOf)}</strong></p>
      <BarChart labels={labels} series={series} summary={t.chartSummary} horizontal format={euroTick} />
      <DataTable caption={t.byField} columns={columns} rows={rows} rowKey={(g) => g.key} />
      <p className="kern-body kern-body--small">{t.multiNote}</p>
    </section>
  );
}

function FilterForm({ filter, fields }: { filter: MeasureFilter; fields: { code: string; label: string }[] }) {
  const { navigate } = useRouter();
  const [field, setField] = useState(filter.field ?? '');
  const [status, setStatus] = useState(filter.status ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf({ field: field || null, status: status || null, page: 1 }));
  };
  return (
    <form onSubmit={submit} className="filters" aria-label={t.measuresTitle(null)}>
      <SelectField id="feld" label={t.fieldFilter} value={field} onChange={(e) => setField(e.target.value)}
        options={[{ value: '', label: t.allFields }, ...fields.map((f) => ({ value: f.code, label: f.label }))]} />
      <SelectField id="stand" label={t.statusFilter} value={status} onChange={(e) => setStatus(e.target.value)}
        options={[{ value: '', label: t.allStatuses }, ...MEASURE_STATUSES.map((s) => ({ value: s, label: texts.measureStatus[s] }))]} />
      <div><Button type="submit">{t.show}</Button></div>
    </form>
  );
}

function Measures({ filter, label }: { filter: MeasureFilter; label: (code: string) => string }) {
  const result = usePortfolioMeasures(filter);
  if (result.error) return <LoadError error={result.error} />;
  if (!result.data) return <Loading />;
  const { items, total, sums } = result.data;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <p className="kern-body" aria-live="polite">{t.count(total, sums.projectCount)}</p>
      {total === 0 ? <p className="kern-body">{t.none}</p> : (
        <>
          <p className="kern-body">{t.sums(sums.plannedCostCents, sums.plannedCostUnknown, sums.plannedFederalCents, sums.plannedFederalUnknown)}</p>
          <DataTable caption={t.measuresTitle(filter.field ? label(filter.field) : null)} hideCaption rows={items} rowKey={(m) => `${m.project.id}-${m.id}`} columns={[
            { key: 'measure', header: texts.col.measure, rowHeader: true, cell: (m) => <span className="preserve">{m.title}</span> },
            { key: 'project', header: texts.col.project, cell: (m) => <Link to={`/projekte/${m.project.slug}/strategie`}>{m.project.name}</Link> },
            { key: 'status', header: texts.col.status, cell: (m) => texts.measureStatus[m.status] },
            { key: 'fields', header: texts.measure.fields, cell: (m) => m.fieldsOfAction.map(label).join(', ') },
            { key: 'cost', header: texts.col.cost, numeric: true, cell: (m) => formatCents(m.plannedCostCents) },
            { key: 'federal', header: texts.col.federal, numeric: true, cell: (m) => formatCents(m.plannedFederalCents) },
          ]} />
          {pages > 1 && (
            <ul className="pagination">
              {filter.page > 1 && <li><Link to={hrefOf({ ...filter, page: filter.page - 1 })}>{t.previous}</Link></li>}
              <li>{t.page(filter.page, pages)}</li>
              {filter.page < pages && <li><Link to={hrefOf({ ...filter, page: filter.page + 1 })}>{t.next}</Link></li>}
            </ul>
          )}
        </>
      )}
    </>
  );
}

export default function PortfolioPage() {
  const me = useMe();
  const { location } = useRouter();
  const filter = readFilter(useSearchParams());
  const snapshot = useStrategySnapshot();
  const vocabularies = useVocabularies();
  const v = vocabularies.data;
  const label = labelOf(v && [v.fieldsOfAction, v.qualities, v.guidelines]);
  return (
    <>
      <PageTitle title={t.title}>{t.title}</PageTitle>
      <p className="kern-body">{t.lead}</p>
      {me.data?.role === 'officer' && <Runner />}
      {snapshot.error && <LoadError error={snapshot.error} />}
      {snapshot.isPending && <Loading />}
      {snapshot.data === null && <p className="kern-body">{t.noSnapshot}</p>}
      {snapshot.data && <ByField content={snapshot.data.content} />}
      <section aria-labelledby="massnahmen" className="page-section">
        <h2 id="massnahmen" className="kern-heading-medium">{t.measuresTitle(filter.field ? label(filter.field) : null)}</h2>
        {v && <FilterForm key={location.search} filter={filter} fields={v.fieldsOfAction} />}
        <Measures filter={filter} label={label} />
      </section>
    </>
  );
}
