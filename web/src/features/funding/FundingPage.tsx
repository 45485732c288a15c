import { useQuery } from '@tanstack/react-query';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadError, Loading, PageTitle } from '../../components/Page';
import type { components } from '../../api/schema';
import { api, unwrap } from '../../lib/api-client';
import { formatCents, formatDate } from '../../lib/format';
import { useProject } from '../../lib/portfolio';
import { Link } from '../../lib/router';
import { useMe } from '../auth/session';

import { EntryForm, type Target } from './EntryForms';
import { texts } from './texts';

type Commitment = components['schemas']['LedgerCommitmentDto'];
type Disbursement = components['schemas']['LedgerDisbursementDto'];
type Repayment = components['schemas']['RepaymentDto'];
type Entry = Commitment | Disbursement;
type EntryType = Target['type'];

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/* The corrections of an entry, next to it: each Storno with its date, amount and reason (the user's text, never HTML). */
function Reversals({ entry }: { entry: Entry }) {
  if (!entry.reversals.length) return null;
  return (
    <ul className="kern-list">
      {entry.reversals.map((r) => <li key={r.id} className="preserve">{texts.stornoLine(r.date, r.amountCents, r.reason)}</li>)}
    </ul>
  );
}

/*
 * Stornieren, prefilled with the open amount: the entry's net amount, for a disbursement at most what the project's
 * repayments have not returned yet. The form starts afresh (key) when a saved reversal changes that amount.
 */
function ReverseAction({ type, entry, projectId, disbursedCents }: { type: EntryType; entry: Entry; projectId: number; disbursedCents: number }) {
  const openCents = type === 'disbursement' ? Math.min(entry.netAmountCents, disbursedCents) : entry.netAmountCents;
  if (openCents <= 0) return null;
  return (
    <details className="reverse-action">
      <summary className="kern-link">{texts.reverse}</summary>
      <EntryForm key={openCents} kind="storno" projectId={projectId} target={{ type, id: entry.id, date: entry.date, openCents }} />
    </details>
  );
}

interface Officer { projectId: number; disbursedCents: number }

function entryColumns(type: EntryType, officer: Officer | null): Column<Entry>[] {
  return [
    { key: 'date', header: texts.colDate, rowHeader: true, cell: (e) => formatDate(e.date) },
    { key: 'amount', header: texts.colAmount, numeric: true, cell: (e) => formatCents(e.amountCents) },
    { key: 'net', header: texts.colNet, numeric: true, cell: (e) => formatCents(e.netAmountCents) },
    ...(type === 'commitment' ? [{ key: 'phase', header: texts.colPhase, cell: (e: Entry) => ('phase' in e ? e.phase : '') }] : []),
    { key: 'year', header: texts.colBudgetYear, cell: (e) => String(e.budgetYear) },
    // The note is the user's text: rendered as text, never as HTML.
    { key: 'note', header: texts.colNote, cell: (e) => <span className="preserve">{e.note ?? ''}</span> },
    { key: 'reversals', header: texts.colCorrections, cell: (e) => <Reversals entry={e} /> },
    ...(officer !== null
      ? [{ key: 'action', header: texts.colAction, cell: (e: Entry) => <ReverseAction type={type} entry={e} {...officer} /> }]
      : []),
  ];
}

function Ledger({ id, title, rows, type, officer }: { id: string; title: string; rows: Entry[]; type: EntryType; officer: Officer | null }) {
  const columns = entryColumns(type, officer);
  const cell = 'kern-table__cell';
  return (
    <section aria-labelledby={`${id}-titel`} className="page-section" id={id}>
      <h2 id={`${id}-titel`} className="kern-heading-medium">{title}</h2>
      {rows.length === 0 ? <p className="kern-body">{texts.none}</p> : (
        <DataTable caption={title} hideCaption columns={columns} rows={rows} rowKey={(e) => e.id}
          footer={<tr className="kern-table__row"><th scope="row" className={cell}>{texts.sum}</th>
            <td className={`${cell} kern-table__cell--numeric`}>{formatCents(sum(rows.map((e) => e.amountCents)))}</td>
            <td className={`${cell} kern-table__cell--numeric`}>{formatCents(sum(rows.map((e) => e.netAmountCents)))}</td>
            <td className={cell} colSpan={columns.length - 3} /></tr>} />
      )}
    </section>
  );
}

const repaymentColumns: Column<Repayment>[] = [
  { key: 'date', header: texts.colDate, rowHeader: true, cell: (r) => formatDate(r.date) },
  { key: 'amount', header: texts.colAmount, numeric: true, cell: (r) => formatCents(r.amountCents) },
  { key: 'year', header: texts.colBudgetYear, cell: (r) => String(r.budgetYear) },
  { key: 'reason', header: texts.colReason, cell: (r) => <span className="preserve">{r.reason}</span> },
];

function Repayments({ rows }: { rows: Repayment[] }) {
  return (
    <section aria-labelledby="rueckzahlungen-titel" className="page-section" id="rueckzahlungen">
      <h2 id="rueckzahlungen-titel" className="kern-heading-medium">{texts.repaymentsTitle}</h2>
      {rows.length === 0 ? <p className="kern-body">{texts.none}</p>
        : <DataTable caption={texts.repaymentsTitle} hideCaption columns={repaymentColumns} rows={rows} rowKey={(r) => r.id} />}
    </section>
  );
}

function Summary({ f }: { f: components['schemas']['FundingSummaryDto'] }) {
  const figure = (term: string, value: React.ReactNode) => <div className="key-figure"><dt>{term}</dt><dd>{value}</dd></div>;
  return (
    <section aria-labelledby="stand" className="page-section">
      <h2 id="stand" className="kern-heading-medium">{texts.summaryTitle}</h2>
      <p className="kern-body">{texts.netNote}</p>
      <dl className="key-figures">
        {figure(texts.grant, formatCents(f.grantCents))}
        {figure(texts.committed, <a className="kern-link" href="#zusagen">{formatCents(f.committedCents)}</a>)}
        {figure(texts.disbursed, <a className="kern-link" href="#auszahlungen">{formatCents(f.disbursedCents)}</a>)}
        {figure(texts.repaid, <a className="kern-link" href="#rueckzahlungen">{formatCents(f.repaidCents)}</a>)}
        {figure(texts.remaining, formatCents(f.remainingCents))}
        {figure(texts.reportedSpend, formatCents(f.reportedSpendCents))}
        {f.toBeRecoveredCents !== null && figure(texts.toBeRecovered, formatCents(f.toBeRecoveredCents))}
      </dl>
      {f.toBeRecoveredCents !== null && <p className="kern-body">{texts.toBeRecoveredHint}</p>}
    </section>
  );
}

export default function FundingPage({ params }: { params: Record<string, string> }) {
  const project = useProject(params.slug);
  const me = useMe();
  const projectId = project.data?.id;
  const funding = useQuery({
    queryKey: ['funding', projectId],
    enabled: projectId !== undefined,
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/funding', { params: { path: { id: projectId! } } })),
  });
  const failed = project.error ?? funding.error;
  if (failed) return <LoadError error={failed} />;
  if (!project.data || !funding.data) return <Loading />;
  const f = funding.data;
  const officer = me.data?.role === 'officer' ? { projectId: project.data.id, disbursedCents: f.disbursedCents } : null;
  return (
    <>
      <p><Link to={`/projekte/${project.data.slug}`}>{texts.back}</Link></p>
      <PageTitle title={`${texts.docTitle}: ${project.data.name}`}>{texts.title(project.data.name)}</PageTitle>
      <Summary f={f} />
      <Ledger id="zusagen" title={texts.commitmentsTitle} rows={f.commitments} type="commitment" officer={officer} />
      <Ledger id="auszahlungen" title={texts.disbursementsTitle} rows={f.disbursements} type="disbursement" officer={officer} />
      <Repayments rows={f.repayments} />
      {officer !== null ? (
        <div className="forms page-section">
          <EntryForm kind="zusage" projectId={officer.projectId} />
          <EntryForm kind="abruf" projectId={officer.projectId} />
          <EntryForm kind="rueckzahlung" projectId={officer.projectId} />
        </div>
      ) : <p className="kern-body page-section">{texts.readOnly}</p>}
    </>
  );
}
