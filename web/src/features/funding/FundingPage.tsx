import { useQuery } from '@tanstack/react-query';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadError, Loading, PageTitle } from '../../components/Page';
import type { components } from '../../api/schema';
import { api, unwrap } from '../../lib/api-client';
import { formatCents, formatDate } from '../../lib/format';
import { useProject } from '../../lib/portfolio';
import { Link } from '../../lib/router';
import { useMe } from '../auth/session';

import { EntryForm } from './EntryForms';
import { texts } from './texts';

type Commitment = components['schemas']['CommitmentDto'];
type Disbursement = components['schemas']['DisbursementDto'];
type Entry = Commitment | Disbursement;

const sum = (rows: Entry[]) => rows.reduce((total, row) => total + row.amountCents, 0);

function entryColumns(withPhase: boolean): Column<Entry>[] {
  return [
    { key: 'date', header: texts.colDate, rowHeader: true, cell: (e) => formatDate(e.date) },
    { key: 'amount', header: texts.colAmount, numeric: true, cell: (e) => formatCents(e.amountCents) },
    ...(withPhase ? [{ key: 'phase', header: texts.colPhase, cell: (e: Entry) => ('phase' in e ? e.phase : '') }] : []),
    { key: 'year', header: texts.colBudgetYear, cell: (e) => String(e.budgetYear) },
    // The note is the user's text: rendered as text, never as HTML.
    { key: 'note', header: texts.colNote, cell: (e) => <span className="preserve">{e.note ?? ''}</span> },
  ];
}

function Ledger({ id, title, rows, withPhase }: { id: string; title: string; rows: Entry[]; withPhase: boolean }) {
  const columns = entryColumns(withPhase);
  return (
    <section aria-labelledby={`${id}-titel`} className="page-section" id={id}>
      <h2 id={`${id}-titel`} className="kern-heading-medium">{title}</h2>
      {rows.length === 0 ? <p className="kern-body">{texts.none}</p> : (
        <DataTable caption={title} hideCaption columns={columns} rows={rows} rowKey={(e) => e.id}
          footer={<tr className="kern-table__row"><th scope="row" className="kern-table__cell">{texts.sum}</th>
            <td className="kern-table__cell kern-table__cell--numeric">{formatCents(sum(rows))}</td><td className="kern-table__cell" colSpan={columns.length - 2} /></tr>} />
      )}
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
  return (
    <>
      <p><Link to={`/projekte/${project.data.slug}`}>{texts.back}</Link></p>
      <PageTitle title={`${texts.docTitle}: ${project.data.name}`}>{texts.title(project.data.name)}</PageTitle>
      <section aria-labelledby="stand" className="page-section">
        <h2 id="stand" className="kern-heading-medium">{texts.summaryTitle}</h2>
        <dl className="key-figures">
          <div className="key-figure"><dt>{texts.grant}</dt><dd>{formatCents(f.grantCents)}</dd></div>
          <div className="key-figure"><dt>{texts.committed}</dt><dd><a className="kern-link" href="#zusagen">{formatCents(f.committedCents)}</a></dd></div>
          <div className="key-figure"><dt>{texts.disbursed}</dt><dd><a className="kern-link" href="#auszahlungen">{formatCents(f.disbursedCents)}</a></dd></div>
          <div className="key-figure"><dt>{texts.remaining}</dt><dd>{formatCents(f.remainingCents)}</dd></div>
          <div className="key-figure"><dt>{texts.reportedSpend}</dt><dd>{formatCents(f.reportedSpendCents)}</dd></div>
        </dl>
      </section>
      <Ledger id="zusagen" title={texts.commitmentsTitle} rows={f.commitments} withPhase />
      <Ledger id="auszahlungen" title={texts.disbursementsTitle} rows={f.disbursements} withPhase={false} />
      {me.data?.role === 'officer' ? (
        <div className="forms page-section">
          <EntryForm kind="zusage" projectId={project.data.id} />
          <EntryForm kind="abruf" projectId={project.data.id} />
        </div>
      ) : <p className="kern-body page-section">{texts.readOnly}</p>}
    </>
  );
}
