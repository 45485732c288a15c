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
 * deadlines from GET /projects/:id/reporting-calendar (the reporting obligations): upcoming, due, overdue, delivered or
 * waived, with working-day due dates.
 */
type Project = components['schemas']['ProjectDto'];

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

function CreateButton({ projectId, deadline: item }: { projectId: number; deadline: Deadline }) {
  const { navigate } = useRouter();
  const [failed, setFailed] = useState(false);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/projects/{id}/reports', { params: { path: { id: projectId } }, body: { period: item.period, type: item.type } })),
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

type Deadline = components['schemas']['ReportingDeadlineDto'];

function stateText(d: Deadline): string {
  if (d.state === 'overdue') return texts.state.overdue(d.daysLate);
  if (d.state === 'due') return texts.state.due;
  if (d.state === 'upcoming') return texts.state.upcoming;
  if (d.state === 'waived') return texts.state.waived(d.waivedReason);
  return reportTexts.statusLabels[d.state];
}

function Deadlines({ project }: { project: Project }) {
  const calendar = useQuery({
    queryKey: ['reporting-calendar', project.id],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}/reporting-calendar', { params: { path: { id: project.id } } })),
    staleTime: 0,
  });
  if (calendar.error) return <LoadError error={calendar.error} />;
  if (!calendar.data) return <Loading />;
  const c = texts.columns;
  if (!calendar.data.items.length) return <p className="kern-body">{texts.noDeadlines}</p>;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-title">{texts.deadlines}</caption>
        <thead><tr><th scope="col">{c.report}</th><th scope="col">{c.due}</th><th scope="col">{c.state}</th><th scope="col">{c.action}</th></tr></thead>
        <tbody>
          {calendar.data.items.map((d) => {
            const name = label(d.type, d.period);
            return (
              <tr key={`${d.type}|${d.period}`} className={d.state === 'overdue' ? 'deadline--overdue' : undefined}>
                <th scope="row">{name}</th>
                <td>{formatDate(d.dueDate)}{d.legalDueDate !== d.dueDate ? ` (${texts.movedFrom(formatDate(d.legalDueDate))})` : ''}</td>
                <td>{stateText(d)}{d.status && d.status !== d.state ? ` (${reportTexts.statusLabels[d.status]})` : ''}</td>
                <td>{d.reportId ? <Link to={`/berichte/${d.reportId}`}>{texts.open(name)}</Link> : d.state === 'waived' ? texts.notNeeded : <CreateButton projectId={project.id} deadline={d} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function MyProjectsPage() {
  const me = useMe();
  const bodyId = me.data?.bodyId ?? null;
  const projects = useQuery({ queryKey: ['projects', 'all'], queryFn: async () => unwrap(await api.GET('/api/v1/projects', { params: { query: { limit: 500 } } })) });
  if (projects.error) return <LoadError error={projects.error} />;
  if (!projects.data) return <Loading />;
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
          <Deadlines project={project} />
        </section>
      ))}
    </>
  );
}
