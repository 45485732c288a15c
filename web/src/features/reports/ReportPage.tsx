import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Alert, Loading, LoadError, NotFoundPage, PageTitle } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../auth/session';
import { PartText } from './describe';
import { fetchReport } from './draft-session';
import { CascadeReadPart } from './CascadeParts';
import { CASCADE_PARTS, fromServer, isEditableStatus, PARTS, type Report } from './model';
import { ReportEditor } from './ReportEditor';
import { texts } from './texts';

const ReviewSection = lazy(() => import('../review/ReviewSection'));

/*
 * /berichte/:id — one report. The municipality edits it while it is a draft or sent back; everyone else (and the
 * municipality after submitting) reads it; officers review it. Another body's report is "not found", as on the API.
 */
function Facts({ report, projectName }: { report: Report; projectName: string }) {
  const rows: [string, string][] = [
    [texts.facts.project, projectName],
    [texts.facts.type, texts.typeLabels[report.type]],
    [texts.facts.period, report.period],
    [texts.facts.due, formatDate(report.dueDate)],
    [texts.facts.status, texts.statusLabels[report.status]],
  ];
  return <dl className="summary-list">{rows.map(([t, v]) => <div key={t} className="summary-list__row"><dt>{t}</dt><dd>{v}</dd></div>)}</dl>;
}

export function ReadView({ report }: { report: Report }) {
  const draft = fromServer(report);
  return (
    <section aria-labelledby="inhalt-titel" className="page-section">
      <h2 id="inhalt-titel" className="kern-heading-large">Inhalt</h2>
      {PARTS.filter((part) => !CASCADE_PARTS.includes(part)).map((part) => (
        <div key={part} className="read-part">
          <h3 className="kern-heading-medium">{texts.partLabels[part]}</h3>
          <PartText draft={draft} part={part} />
        </div>
      ))}
      {report.type === 'progress' && <CascadeReadPart report={report} />}
    </section>
  );
}

export default function ReportPage({ params }: { params: Record<string, string> }) {
  const id = Number(params.id);
  const me = useMe();
  const report = useQuery({ queryKey: ['report', id], queryFn: () => fetchReport(id), enabled: Number.isSafeInteger(id) && id > 0, staleTime: 0 });
  const project = useQuery({
    queryKey: ['project', report.data?.projectId],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}', { params: { path: { id: String(report.data!.projectId) } } })),
    enabled: Boolean(report.data),
  });
  if (!Number.isSafeInteger(id) || id < 1 || (report.error instanceof ApiRequestError && report.error.status === 404)) return <NotFoundPage />;
  if (report.error) return <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  if (!report.data || !me.data) return <Loading />;
  const r = report.data;
  const name = project.data?.name ?? '…';
  const editable = me.data.role === 'municipality' && isEditableStatus(r.status);
  return (
    <>
      <PageTitle title={texts.title(r.period, name)}>{texts.title(r.period, name)}</PageTitle>
      {project.data && <p className="kern-body"><Link to={`/projekte/${project.data.slug}`}>{project.data.name}</Link></p>}
      {r.status === 'changes_requested' && r.reviewComment && (
        <Alert kind="warning" title={texts.changesRequested}>
          <strong>{texts.reviewComment}:</strong> <span className="preserve">{r.reviewComment}</span>
        </Alert>
      )}
      <Facts report={r} projectName={name} />
      {r.status === 'submitted' && me.data.role === 'municipality' && <Alert kind="success" title={texts.submit.done} />}
      {me.data.role !== 'municipality' && (
        <Suspense fallback={<Loading />}><ReviewSection report={r} role={me.data.role} /></Suspense>
      )}
      {editable ? <ReportEditor key={r.id} report={r} /> : <ReadView report={r} />}
    </>
  );
}
