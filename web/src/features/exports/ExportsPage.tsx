import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/DataTable';
import { Button, SelectField, type Option } from '../../components/forms';
import { Alert, LoadError, Loading, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useCategories, useRounds, useStates } from '../../lib/portfolio';
import { useSearchParams } from '../../lib/router';
import type { components } from '../../api/schema';
import { texts } from './texts';

type CreateExport = components['schemas']['CreateExportDto'];
type JobRun = components['schemas']['JobRunDto'];

function useRun(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/jobs/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (query) => (query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 500),
  });
}

function RunProgress({ id }: { id: string }) {
  const run = useRun(id);
  const status = run.data?.status ?? 'queued';
  const value = status === 'completed' ? 100 : run.data?.progress ?? 0;
  return (
    <div className="progress-block" aria-live="polite">
      <label htmlFor="export-fortschritt" className="kern-label">{texts.progress(texts.status[status] ?? status)}</label>
      <progress id="export-fortschritt" max={100} value={value}>{value} %</progress>
      {status === 'failed' && <Alert kind="danger" title={texts.failed}>{run.data?.error}</Alert>}
      {run.data?.artifact && (
        <p><a className="kern-btn kern-btn--primary" href={run.data.artifact.url} download={run.data.artifact.name}>
          <span className="kern-label">{texts.download(run.data.artifact.name)}</span></a></p>
      )}
    </div>
  );
}

/** The form starts from the URL (?format=&zeilen=&staffel=&kategorie=&land=), so other pages can link to a prepared export. */
function initialValues(params: URLSearchParams) {
  const pick = (key: string, allowed: string[], fallback: string) => (allowed.includes(params.get(key) ?? '') ? params.get(key)! : fallback);
  return {
    format: pick('format', ['csv', 'xlsx', 'pdf', 'json'], 'csv'),
    rows: pick('zeilen', ['projects', 'transactions'], 'projects'),
    round: params.get('staffel') ?? '',
    category: params.get('kategorie') ?? '',
    state: params.get('land') ?? '',
  };
}

function ExportForm({ onStarted }: { onStarted: (id: string) => void }) {
  const rounds = useRounds();
  const categories = useCategories();
  const states = useStates();
  const params = useSearchParams();
  const [values, setValues] = useState(() => initialValues(params));
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const all: Option = { value: '', label: texts.all };
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailed(false);
    const body = { format: values.format, rows: values.rows } as CreateExport;
    if (values.round) body.round = Number(values.round);
    if (values.category) body.category = values.category as CreateExport['category'];
    if (values.state) body.state = values.state as CreateExport['state'];
    try {
      const key = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      onStarted(unwrap(await api.POST('/api/v1/exports', { params: { header: { 'idempotency-key': key } }, body })).id);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="neu-titel" className="page-section">
      <h2 id="neu-titel" className="kern-heading-medium">{texts.formTitle}</h2>
      {failed && <Alert kind="danger" title={texts.startFailed} />}
      <div className="filters">
        <SelectField id="format" label={texts.format} value={values.format} onChange={set('format')}
          options={Object.entries(texts.formats).map(([value, label]) => ({ value, label }))} />
        <SelectField id="zeilen" label={texts.rows} value={values.rows} onChange={set('rows')}
          options={[{ value: 'projects', label: texts.rowsProjects }, { value: 'transactions', label: texts.rowsTransactions }]} />
        <SelectField id="staffel" label={texts.staffel} value={values.round} onChange={set('round')}
          options={[all, ...(rounds.data ?? []).map((r) => ({ value: String(r.number), label: texts.roundOption(r.number, r.year) }))]} />
        <SelectField id="kategorie" label={texts.kategorie} value={values.category} onChange={set('category')}
          options={[all, ...(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))]} />
        <SelectField id="land" label={texts.land} value={values.state} onChange={set('state')}
          options={[all, ...(states.data ?? []).map((s) => ({ value: s.code, label: s.name }))]} />
      </div>
      <Button type="submit" disabled={busy}>{busy ? texts.starting : texts.start}</Button>
    </form>
  );
}

function History({ version }: { version: number }) {
  const runs = useQuery({
    queryKey: ['jobs', 'export', version],
    queryFn: async () => unwrap(await api.GET('/api/v1/jobs', { params: { query: { kind: 'export', limit: 20 } } })),
    // While a listed run is still waiting or running, the list looks again every second.
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : false),
  });
  if (runs.isError) return <LoadError error={runs.error} />;
  if (!runs.data) return <Loading />;
  if (!runs.data.items.length) return <p className="kern-body">{texts.historyNone}</p>;
  return (
    <DataTable<JobRun> caption={texts.historyTitle} rows={runs.data.items} rowKey={(r) => r.id} columns={[
      { key: 'created', header: texts.colCreated, rowHeader: true, cell: (r) => formatDateTime(r.createdAt) },
      { key: 'format', header: texts.colFormat, cell: (r) => String((r.params as Record<string, unknown>).format ?? '').toUpperCase() },
      { key: 'status', header: texts.colStatus, cell: (r) => texts.status[r.status] ?? r.status },
      { key: 'file', header: texts.colFile, cell: (r) => r.artifact ? <a className="kern-link" href={r.artifact.url} download={r.artifact.name}>{r.artifact.name}</a> : texts.notReady },
      { key: 'size', header: texts.colSize, numeric: true, cell: (r) => r.artifact ? `${formatNumber(Math.ceil(r.artifact.bytes / 1024))} KB` : '' },
    ]} />
  );
}

export default function ExportsPage() {
  const client = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const started = (id: string) => {
    setRunId(id);
    setVersion((v) => v + 1);
    void client.invalidateQueries({ queryKey: ['jobs', 'export'] });
  };
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.lead}</p>
      <ExportForm onStarted={started} />
      {runId && <RunProgress id={runId} />}
      <section aria-labelledby="frueher" className="page-section">
        <h2 id="frueher" className="kern-heading-medium">{texts.historyTitle}</h2>
        <History version={version} />
      </section>
    </>
  );
}
