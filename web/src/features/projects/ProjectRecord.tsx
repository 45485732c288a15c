import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { components } from '../../api/schema';
import { DataTable, type Column } from '../../components/DataTable';
import { Button, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { useDraft } from '../../lib/draft';
import { formatDate } from '../../lib/format';
import { STATUS_LABELS } from '../../lib/portfolio';
import { apiFieldErrors, type RuleMessages } from '../funding/funding-errors';
import { recordTexts as texts } from './record-texts';

/*
 * The project page's record (issue 12): the status history with the officer's status change, and the reporting
 * obligations with their legal and working-day due dates, each open one waivable by an officer with a reason.
 */
type Status = components['schemas']['ChangeProjectStatusDto']['status'];
type Change = components['schemas']['ProjectStatusChangeDto'];
type Obligation = components['schemas']['ObligationDto'];
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

const rules: RuleMessages = (code, d) => {
  switch (code) {
    case 'PROJECT.STATUS_UNCHANGED': return texts.errors.unchanged;
    case 'PROJECT.STATUS_TRANSITION': return texts.errors.transition;
    case 'PROJECT.STATUS_BEFORE_AWARD': return texts.errors.beforeAward(str(d.awardDate));
    case 'PROJECT.STATUS_BEFORE_PREVIOUS': return texts.errors.beforePrevious(str(d.previousDate));
    case 'PROJECT.STATUS_TOO_FAR_AHEAD': return texts.errors.tooFarAhead(str(d.latest));
    case 'OBLIGATION.NOT_OPEN': return texts.errors.notOpen;
    default: return null;
  }
};

/** One small form: its fields, checked for presence here, the rest by the API; errors at the field, input kept. */
function useRecordForm<T extends Record<string, string>>(key: string, empty: T, fields: Record<string, { id: string; label: string }>,
  send: (values: T) => Promise<unknown>, done: (values: T) => Promise<void>) {
  const [values, setValues, discard] = useDraft<T>(key, empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: () => send(values),
    onSuccess: async () => { const sent = values; discard(); setErrors({}); setSaved(true); await done(sent); },
    onError: (error) => setErrors(apiFieldErrors(error, fields, rules)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const found: FieldErrors = {};
    for (const [name, field] of Object.entries(fields)) {
      if (!values[name]?.trim()) found[field.id] = name === 'reason' ? texts.errors.reasonMissing : texts.errors.dateMissing;
    }
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const set = (name: keyof T) => (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value });
  return { values, errors, saved, submit, set, pending: mutation.isPending, order: Object.values(fields).map((f) => f.id) };
}

function StatusForm({ projectId, current }: { projectId: number; current: Status }) {
  const client = useQueryClient();
  const [last, setLast] = useState('');
  const fields = { effectiveDate: { id: 'status-datum', label: texts.effectiveDate }, reason: { id: 'status-begruendung', label: texts.reason } };
  const next: Status = current === 'active' ? 'withdrawn' : 'active';
  const form = useRecordForm(`projekt:${projectId}:status`, { status: next as string, effectiveDate: '', reason: '' }, fields,
    async (v) => unwrap(await api.POST('/api/v1/projects/{id}/status', {
      params: { path: { id: projectId } }, body: { status: v.status as Status, effectiveDate: v.effectiveDate, reason: v.reason.trim() },
    })),
    async (v) => { setLast(STATUS_LABELS[v.status as Status]); await client.invalidateQueries(); });
  return (
    <form onSubmit={form.submit} noValidate aria-labelledby="status-titel">
      <h3 id="status-titel" className="kern-heading-small">{texts.changeTitle}</h3>
      <ErrorSummary errors={form.errors} order={['status-status', ...form.order]} />
      {form.saved && <Alert kind="success" title={texts.savedStatus(last)} />}
      <SelectField id="status-status" label={texts.status} value={form.values.status} onChange={form.set('status')} error={form.errors['status-status']}
        options={(['active', 'completed', 'withdrawn'] as Status[]).map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
      <TextField id="status-datum" label={texts.effectiveDate} hint={texts.effectiveHint} type="date" value={form.values.effectiveDate}
        onChange={form.set('effectiveDate')} error={form.errors['status-datum']} />
      <TextField id="status-begruendung" label={texts.reason} maxLength={2000} required value={form.values.reason}
        onChange={form.set('reason')} error={form.errors['status-begruendung']} />
      <Button type="submit" disabled={form.pending}>{form.pending ? texts.saving : texts.saveStatus}</Button>
    </form>
  );
}

const historyColumns: Column<Change>[] = [
  { key: 'date', header: texts.colEffective, rowHeader: true, cell: (c) => formatDate(c.effectiveDate) },
  { key: 'from', header: texts.colFrom, cell: (c) => STATUS_LABELS[c.fromStatus] },
  { key: 'to', header: texts.colTo, cell: (c) => STATUS_LABELS[c.toStatus] },
  { key: 'reason', header: texts.colReason, cell: (c) => <span className="preserve">{c.reason}</span> },
];

export function StatusHistory({ projectId, officer }: { projectId: number; officer: boolean }) {
  const history = useQuery({
    queryKey: ['status-history', projectId],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/status-history', { params: { path: { id: projectId } } })),
  });
  if (!history.data) return null;
  return (
    <section aria-labelledby="statusverlauf" className="page-section">
      <h2 id="statusverlauf" className="kern-heading-medium">{texts.historyTitle}</h2>
      {history.data.items.length === 0 ? <p className="kern-body">{texts.historyNone}</p>
        : <DataTable caption={texts.historyTitle} hideCaption columns={historyColumns} rows={history.data.items} rowKey={(c) => c.id} />}
      {officer && <StatusForm projectId={projectId} current={history.data.status} />}
    </section>
  );
}

function WaiveForm({ obligation }: { obligation: Obligation }) {
  const client = useQueryClient();
  const prefix = `verzicht-${obligation.id}`;
  const fields = { reason: { id: `${prefix}-begruendung`, label: texts.reason } };
  const form = useRecordForm(prefix, { reason: '' }, fields,
    async (v) => unwrap(await api.POST('/api/v1/obligations/{id}/waive', { params: { path: { id: obligation.id } }, body: { reason: v.reason.trim() } })),
    async () => { await client.invalidateQueries({ queryKey: ['obligations', obligation.projectId] }); });
  return (
    <details>
      <summary className="kern-link">{texts.waive}</summary>
      <form onSubmit={form.submit} noValidate aria-labelledby={`${prefix}-titel`}>
        <h3 id={`${prefix}-titel`} className="kern-heading-small">{texts.waiveTitle(obligation.period)}</h3>
        <ErrorSummary errors={form.errors} order={form.order} />
        <TextField id={`${prefix}-begruendung`} label={texts.reason} maxLength={2000} required value={form.values.reason}
          onChange={form.set('reason')} error={form.errors[`${prefix}-begruendung`]} />
        <Button type="submit" disabled={form.pending}>{form.pending ? texts.saving : texts.saveWaive}</Button>
      </form>
    </details>
  );
}

function obligationColumns(officer: boolean): Column<Obligation>[] {
  return [
    { key: 'type', header: texts.colType, rowHeader: true, cell: (o) => texts.types[o.type] },
    { key: 'period', header: texts.colPeriod, cell: (o) => o.period },
    { key: 'legal', header: texts.colLegalDue, cell: (o) => formatDate(o.legalDueDate) },
    { key: 'due', header: texts.colDue, cell: (o) => formatDate(o.dueDate) },
    { key: 'state', header: texts.colState, cell: (o) => texts.states[o.state] },
    { key: 'waived', header: texts.colWaived, cell: (o) => <span className="preserve">{o.waivedReason ?? ''}</span> },
    ...(officer ? [{ key: 'action', header: texts.colAction, cell: (o: Obligation) => (o.state === 'open' ? <WaiveForm obligation={o} /> : null) }] : []),
  ];
}

export function Obligations({ projectId, officer }: { projectId: number; officer: boolean }) {
  const obligations = useQuery({
    queryKey: ['obligations', projectId],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/obligations', { params: { path: { id: projectId } } })),
  });
  if (!obligations.data) return null;
  const rows = obligations.data.items;
  return (
    <section aria-labelledby="berichtspflichten" className="page-section">
      <h2 id="berichtspflichten" className="kern-heading-medium">{texts.obligationsTitle}</h2>
      <p className="kern-body">{texts.obligationsLead}</p>
      {rows.length === 0 ? <p className="kern-body">{texts.obligationsNone}</p>
        : <DataTable caption={texts.obligationsTitle} hideCaption columns={obligationColumns(officer)} rows={rows} rowKey={(o) => o.id} />}
    </section>
  );
}
