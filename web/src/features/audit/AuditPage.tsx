import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, TextField } from '../../components/forms';
import { Alert, Loading, LoadError, PageTitle } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { Link, useRouter, useSearchParams } from '../../lib/router';
import { texts as authTexts } from '../auth/texts';
import { downloadEvents, type AuditEvent } from './audit-csv';
import { apiQuery, auditUrl, PAGE_SIZE, readFilters, type AuditFilters } from './audit-params';
import { EventDiff } from './EventDiff';
import { texts } from './texts';

/*
 * /protokoll — the audit trail for officers and auditors: filters (who, what, which record, date range) in the URL,
 * each event's before/after as a difference, paging, and a CSV of exactly the filtered events.
 */
function FilterForm({ filters }: { filters: AuditFilters }) {
  const { navigate } = useRouter();
  const [draft, setDraft] = useState(filters);
  const set = (key: keyof AuditFilters) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(auditUrl({ ...draft, seite: 1 }));
  };
  return (
    <form onSubmit={submit} aria-labelledby="filter-titel" className="page-section">
      <h2 id="filter-titel" className="kern-heading-small">{texts.filters}</h2>
      <div className="filters">
        <TextField id="wer" label={texts.actorId} inputMode="numeric" value={draft.wer} onChange={set('wer')} />
        <TextField id="aktion" label={texts.action} hint={texts.actionHint} value={draft.aktion} onChange={set('aktion')} list="aktion-liste" />
        <datalist id="aktion-liste">{Object.keys(texts.actions).map((k) => <option key={k} value={k}>{texts.actions[k]}</option>)}</datalist>
        <TextField id="art" label={texts.entityType} value={draft.art} onChange={set('art')} list="art-liste" />
        <datalist id="art-liste">{Object.keys(texts.entityTypes).map((k) => <option key={k} value={k}>{texts.entityTypes[k]}</option>)}</datalist>
        <TextField id="datensatz" label={texts.entityId} hint={texts.entityHint} value={draft.datensatz} onChange={set('datensatz')} />
        <TextField id="von" type="date" label={texts.from} value={draft.von} onChange={set('von')} />
        <TextField id="bis" type="date" label={texts.to} value={draft.bis} onChange={set('bis')} />
      </div>
      <div className="actions">
        <Button type="submit">{texts.apply}</Button>
        <Link to="/protokoll">{texts.reset}</Link>
      </div>
    </form>
  );
}

function EventTable({ events }: { events: AuditEvent[] }) {
  const c = texts.columns;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table audit-table">
        <caption className="kern-title">{texts.title}</caption>
        <thead><tr><th scope="col">{c.when}</th><th scope="col">{c.who}</th><th scope="col">{c.what}</th><th scope="col">{c.record}</th><th scope="col">{c.changes}</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.occurredAt)}</td>
              <td>{e.actorEmail ?? '–'}{e.actorRole && <><br /><span className="kern-hint">{authTexts.roles[e.actorRole] ?? e.actorRole} (#{e.actorId})</span></>}</td>
              <th scope="row">{texts.actions[e.action] ?? e.action}{texts.actions[e.action] && <> <span className="kern-hint audit-code">({e.action})</span></>}</th>
              <td>{texts.entityTypes[e.entityType] ?? e.entityType} {e.entityId ?? ''}</td>
              <td><EventDiff before={e.before} after={e.after} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CsvButton({ filters }: { filters: AuditFilters }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try { await downloadEvents(apiQuery(filters)); } finally { setBusy(false); }
  };
  return <Button variant="secondary" disabled={busy} onClick={() => void run()}>{busy ? texts.csvBusy : texts.csv}</Button>;
}

export default function AuditPage() {
  const filters = readFilters(useSearchParams());
  const query = apiQuery(filters);
  const events = useQuery({
    queryKey: ['audit', query, filters.seite],
    queryFn: async () => unwrap(await api.GET('/api/v1/audit', { params: { query: { ...query, limit: PAGE_SIZE, offset: (filters.seite - 1) * PAGE_SIZE } } })),
  });
  const pages = Math.max(1, Math.ceil((events.data?.total ?? 0) / PAGE_SIZE));
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.intro}</p>
      <FilterForm key={auditUrl(filters)} filters={filters} />
      {events.error instanceof ApiRequestError && events.error.status === 400 ? <Alert kind="danger" title={texts.invalid} /> : events.error ? <LoadError error={events.error} /> : null}
      {!events.data && !events.error && <Loading />}
      {events.data && (
        <>
          <div className="actions">
            <p className="kern-body" role="status">{texts.count(events.data.total)}</p>
            <CsvButton filters={filters} />
          </div>
          {events.data.items.length === 0 ? <p className="kern-body">{texts.empty}</p> : <EventTable events={events.data.items} />}
          <nav aria-label={texts.page(filters.seite, pages)} className="pagination">
            {filters.seite > 1 && <Link to={auditUrl({ ...filters, seite: filters.seite - 1 })}>{texts.previous}</Link>}
            <span>{texts.page(filters.seite, pages)}</span>
            {filters.seite < pages && <Link to={auditUrl({ ...filters, seite: filters.seite + 1 })}>{texts.next}</Link>}
          </nav>
        </>
      )}
    </>
  );
}
