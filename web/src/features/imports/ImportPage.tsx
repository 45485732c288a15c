import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { DataTable } from '../../components/DataTable';
import { Button, SelectField } from '../../components/forms';
import { Alert, PageTitle } from '../../components/Page';
import { api, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap } from '../../lib/api-client';
import { texts } from './texts';

interface RowError { row: number; column: string; code: string; message: string }
interface DryRun { rows: number; valid: number; alreadyPresent: number; errors: RowError[] }
type Outcome = { kind: 'checked'; result: DryRun } | { kind: 'refused'; message: string } | null;

/** The upload as multipart form data, with the CSRF token the session cookie needs. */
async function send(file: File, kind: string, dryRun: boolean): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.set('kind', kind);
  form.set('dryRun', String(dryRun));
  form.set('file', file);
  const headers: Record<string, string> = {};
  const token = readCookie(CSRF_COOKIE);
  if (token) headers[CSRF_HEADER] = token;
  const response = await fetch('/api/v1/imports', { method: 'POST', body: form, headers, credentials: 'same-origin' });
  return { status: response.status, body: await response.json().catch(() => null) };
}

function rowMessage(error: RowError): string {
  return texts.codes[error.code] ?? error.message;
}

function CommitProgress({ id }: { id: string }) {
  const run = useQuery({
    queryKey: ['job', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 500),
  });
  const status = run.data?.status ?? 'queued';
  const value = status === 'completed' ? 100 : (run.data?.progress ?? 0);
  const result = run.data?.result as { written?: number; alreadyPresent?: number } | null | undefined;
  return (
    <div className="progress-block" aria-live="polite">
      <label htmlFor="import-fortschritt" className="kern-label">{texts.progress(texts.status[status] ?? status)}</label>
      <progress id="import-fortschritt" max={100} value={value}>{value} %</progress>
      {status === 'completed' && result && <Alert kind="success" title={texts.done(result.written ?? 0, result.alreadyPresent ?? 0)} />}
      {status === 'failed' && <Alert kind="danger" title={texts.failed}>{run.data?.error}</Alert>}
    </div>
  );
}

function Result({ result }: { result: DryRun }) {
  return (
    <section aria-labelledby="pruefung" className="page-section">
      <h2 id="pruefung" className="kern-heading-medium">{texts.resultTitle}</h2>
      <p className="kern-body">{texts.summary(result.rows, result.valid, result.alreadyPresent)}</p>
      {result.errors.length === 0
        ? <Alert kind="success" title={texts.allValid} />
        : <Alert kind="danger" title={texts.hasErrors(result.errors.length)} />}
      {result.errors.length > 0 && (
        <DataTable<RowError> caption={texts.errorsCaption} rows={result.errors} rowKey={(e) => `${e.row}-${e.column}-${e.code}`} columns={[
          { key: 'row', header: texts.colRow, rowHeader: true, numeric: true, cell: (e) => String(e.row) },
          { key: 'column', header: texts.colColumn, cell: (e) => texts.columns[e.column] ?? e.column },
          { key: 'message', header: texts.colMessage, cell: rowMessage },
        ]} />
      )}
    </section>
  );
}

export default function ImportPage() {
  const input = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState('disbursements');
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const file = () => input.current?.files?.[0] ?? null;
  const refused = (body: unknown) => setOutcome({ kind: 'refused', message: (body as { message?: string } | null)?.message ?? texts.checkFailed });

  const check = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file();
    setRunId(null);
    if (!chosen) return setOutcome({ kind: 'refused', message: texts.chooseFile });
    setBusy('check');
    try {
      const res = await send(chosen, kind, true);
      if (res.status === 200) setOutcome({ kind: 'checked', result: res.body as DryRun });
      else refused(res.body);
    } finally {
      setBusy(null);
    }
  };
  const commit = async () => {
    const chosen = file();
    if (!chosen) return;
    setBusy('commit');
    try {
      const res = await send(chosen, kind, false);
      if (res.status === 202) setRunId((res.body as { id: string }).id);
      else refused(res.body);
    } finally {
      setBusy(null);
    }
  };
  const canCommit = outcome?.kind === 'checked' && outcome.result.errors.length === 0 && !runId;
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.lead}</p>
      <section aria-labelledby="vorlagen" className="page-section">
        <h2 id="vorlagen" className="kern-heading-medium">{texts.templatesTitle}</h2>
        <ul className="kern-list">
          {Object.entries(texts.kinds).flatMap(([k, label]) => ['csv', 'xlsx'].map((format) => (
            <li key={`${k}-${format}`}><a className="kern-link" href={`/api/v1/imports/templates/${k}.${format}`} download>{texts.template(label, format.toUpperCase())}</a></li>
          )))}
        </ul>
      </section>
      <form onSubmit={(event) => void check(event)} className="page-section" aria-label={texts.title}>
        <SelectField id="art" label={texts.kind} value={kind} onChange={(e) => { setKind(e.target.value); setOutcome(null); }}
          options={Object.entries(texts.kinds).map(([value, label]) => ({ value, label }))} />
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="datei">{texts.file}</label>
          <div className="kern-hint" id="datei-hinweis">{texts.fileHint}</div>
          <input ref={input} id="datei" name="datei" type="file" className="kern-form-input__input" aria-describedby="datei-hinweis"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={() => { setOutcome(null); setRunId(null); }} />
        </div>
        <p className="form-actions">
          <Button type="submit" disabled={busy !== null}>{busy === 'check' ? texts.checking : texts.check}</Button>{' '}
          <Button variant="secondary" disabled={!canCommit || busy !== null} onClick={() => void commit()}>
            {busy === 'commit' ? texts.committing : texts.commit}
          </Button>
        </p>
      </form>
      {outcome?.kind === 'refused' && <Alert kind="danger" title={texts.checkFailed}>{outcome.message}</Alert>}
      {outcome?.kind === 'checked' && <Result result={outcome.result} />}
      {runId && <CommitProgress id={runId} />}
    </>
  );
}
