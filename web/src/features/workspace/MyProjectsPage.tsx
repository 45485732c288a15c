import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Alert, Loading, LoadError, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatCents, formatDate } from '../../lib/format';
import { Link, useRouter } from '../../lib/router';
import { useMe } from '../auth/session';
import { texts as reportTexts } from '../reports/texts';
import { texts } from './texts';

/*
 * /meine-projekte — the municipality's projects (lead or member), each with its funding position and its reporting
 * deadlines: due and overdue from GET /reports/overdue, upcoming from the reports already started, with dates.
 */
type Project = components['schemas']['ProjectDto'];
type Overdue = components['schemas']['OverdueReportDto'];
type Report = components['schemas']['ReportDto'];

const label = (type: string, period: string) => `${reportTexts.typeLabels[type]} ${period}`;

function Funding({ projectId, slug }: { projectId: number; slug: string }) {
  const funding = useQuery({ queryKey: ['funding', projectId], queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/funding', { params: { path: { id: projectId } } })) });
  if (!funding.data) return <Loading />;
  const f = funding.data;
  return (
    <>
      <dl className="key-figures">
        <div className="key-figure"><dt>{texts.funding.committed}</dt><dd>{formatCents(f.committedCents)}</dd></div>
        <div className="key-figure"><dt>{texts.funding.disbursed}</dt><dd>{formatCents(f.disbursedCents)}</dd></div>
        <div className="key-figure"><dt>{texts.funding.remaining}</dt><dd>{formatCents(f.remainingCents)}</dd></div>
      </dl>
      <p className="kern-body"><Link to={`/projekte/${slug}/finanzen`}>{texts.funding.ledger}</Link></p>
    </>
  );
}

function CreateButton({ item }: { item: Overdue }) {
  const { navigate } = useRouter();
  const [failed, setFailed] = useState(false);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/projects/{id}/reports', { params: { path: { id: item.projectId } }, body: { period: item.period, type: item.type } })),
    onSuccess: (report) => navigate(`/berichte/${report.id}`),
    onError: () => setFailed(true),
  });
  return (
    <>
      <button type="button" className="kern-btn kern-btn--secondary" disabled={create.isPending} onClick={() => create.mutate()}>
        <span className="kern-label">{texts.create(label(item.type, item.period))}</span>
      </button>
      {failed && <p className="kern-error" role="alert">{texts.createFailed}</p>}
    </>
  );
}

interface Row { key: string; label: string; due: string; state: string; reportId: number | null; item?: Overdue }

function rows(overdue: Overdue[], reports: Report[]): Row[] {
  const listed = new Set(overdue.map((o) => `${o.type}|${o.period}`));
  const fromOverdue = overdue.map((o) => ({
    key: `${o.type}|${o.period}`, label: label(o.type, o.period), due: o.dueDate, reportId: o.reportId, item: o,
    state: o.state === 'overdue' ? texts.state.overdue(o.daysLate) : texts.state.due,
  }));
  const others = reports.filter((r) => !listed.has(`${r.type}|${r.period}`)).map((r) => ({
    key: `${r.type}|${r.period}`, label: label(r.type, r.period), due: r.dueDate, reportId: r.id,
    state: r.status === 'draft' ? `${texts.state.upcoming} (${reportTexts.statusLabels.draft})` : reportTexts.statusLabels[r.status],
  }));
  return [...fromOverdue, ...others];
}

function Deadlines({ project, overdue }: { project: Project; overdue: Overdue[] }) {
  const reports = useQuery({ queryKey: ['reports', project.id], queryFn: async () => unwrap(await api.GET('/api/v1/reports', { params: { query: { projectId: project.id, limit: 500, sort: '-dueDate' } } })) });
  if (!reports.data) return <Loading />;
  const list = rows(overdue.filter((o) => o.projectId === project.id), reports.data.items);
  const c = texts.columns;
  if (!list.length) return <p className="kern-body">{texts.noDeadlines}</p>;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-title">{texts.deadlines}</caption>
        <thead><tr><th scope="col">{c.report}</th><th scope="col">{c.due}</th><th scope="col">{c.state}</th><th scope="col">{c.action}</th></tr></thead>
        <tbody>
          {list.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{formatDate(row.due)}</td>
              <td>{row.state}</td>
              <td>{row.reportId ? <Link to={`/berichte/${row.reportId}`}>{texts.open(row.label)}</Link> : row.item && <CreateButton item={row.item} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MyProjectsPage() {
  const me = useMe();
  const bodyId = me.data?.bodyId ?? null;
  const projects = useQuery({ queryKey: ['projects', 'all'], queryFn: async () => unwrap(await api.GET('/api/v1/projects', { params: { query: { limit: 500 } } })) });
  const overdue = useQuery({ queryKey: ['overdue'], queryFn: async () => unwrap(await api.GET('/api/v1/reports/overdue')) });
  const error = projects.error ?? overdue.error;
  if (error) return <LoadError error={error} />;
  if (!projects.data || !overdue.data) return <Loading />;
  const mine = projects.data.items.filter((p) => p.lead?.id === bodyId || p.members.some((m) => m.id === bodyId));
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.intro}</p>
      {mine.length === 0 && <Alert kind="info" title={texts.none} />}
      {mine.map((project) => (
        <section key={project.id} aria-labelledby={`projekt-${project.id}`} className="page-section">
          <h2 id={`projekt-${project.id}`} className="kern-heading-large"><Link to={`/projekte/${project.slug}`}>{project.name}</Link></h2>
          <p className="kern-body">{project.lead?.id === bodyId ? texts.role.lead : texts.role.member}</p>
          <Funding projectId={project.id} slug={project.slug} />
          <Deadlines project={project} overdue={overdue.data.items} />
        </section>
      ))}
    </>
  );
}
