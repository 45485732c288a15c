import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, SelectField, type Option } from '../../components/forms';
import { Loading, LoadError, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatDate, formatDateTime } from '../../lib/format';
import { useRounds, useStates } from '../../lib/portfolio';
import { Link, useRouter, useSearchParams } from '../../lib/router';
import { texts as reportTexts } from '../reports/texts';
import { texts } from './texts';

/*
 * /pruefung — the officer's queue: submitted reports, oldest submission first; Staffel, Land and project filters in
 * the URL (?staffel=3&land=DE-HE&projekt=kassel), so a copied link shows the same queue.
 */
interface Filters { staffel: string; land: string; projekt: string }

const queueUrl = (f: Filters) => {
  const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  return `/pruefung${query ? `?${query}` : ''}`;
};

function FilterBar({ filters, projects }: { filters: Filters; projects: Option[] }) {
  const { navigate } = useRouter();
  const [draft, setDraft] = useState(filters);
  const rounds = useRounds();
  const states = useStates();
  const all: Option = { value: '', label: texts.all };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(queueUrl(draft));
  };
  return (
    <form onSubmit={submit} aria-labelledby="filter-titel" className="page-section">
      <h2 id="filter-titel" className="kern-heading-small">{texts.filters}</h2>
      <div className="filters">
        <SelectField id="staffel" label={texts.staffel} value={draft.staffel} onChange={set('staffel')} options={[all, ...(rounds.data ?? []).map((r) => ({ value: String(r.number), label: `Staffel ${r.number} (${r.year})` }))]} />
        <SelectField id="land" label={texts.land} value={draft.land} onChange={set('land')} options={[all, ...(states.data ?? []).map((s) => ({ value: s.code, label: s.name }))]} />
        <SelectField id="projekt" label={texts.project} value={draft.projekt} onChange={set('projekt')} options={[all, ...projects]} />
      </div>
      <Button type="submit">{texts.apply}</Button>
    </form>
  );
}

export default function ReviewQueuePage() {
  const params = useSearchParams();
  const filters: Filters = { staffel: params.get('staffel') ?? '', land: params.get('land') ?? '', projekt: params.get('projekt') ?? '' };
  const projects = useQuery({ queryKey: ['projects', 'all'], queryFn: async () => unwrap(await api.GET('/api/v1/projects', { params: { query: { limit: 500 } } })) });
  const reports = useQuery({ queryKey: ['review-queue'], queryFn: async () => unwrap(await api.GET('/api/v1/reports', { params: { query: { status: 'submitted', limit: 500 } } })) });
  const error = projects.error ?? reports.error;
  if (error) return <LoadError error={error} />;
  if (!projects.data || !reports.data) return <Loading />;
  const byId = new Map(projects.data.items.map((p) => [p.id, p]));
  const rows = reports.data.items
    .map((report) => ({ report, project: byId.get(report.projectId) }))
    .filter(({ project }) => project && (!filters.staffel || String(project.round.number) === filters.staffel)
      && (!filters.land || project.states.includes(filters.land)) && (!filters.projekt || project.slug === filters.projekt))
    .sort((a, b) => (a.report.submittedAt ?? '').localeCompare(b.report.submittedAt ?? '') || a.report.id - b.report.id);
  const projectOptions = projects.data.items.map((p) => ({ value: p.slug, label: p.name })).sort((a, b) => a.label.localeCompare(b.label, 'de'));
  const c = texts.columns;
  return (
    <>
      <PageTitle title={texts.queueTitle}>{texts.queueTitle}</PageTitle>
      <p className="kern-body">{texts.queueIntro}</p>
      <FilterBar key={queueUrl(filters)} filters={filters} projects={projectOptions} />
      <p className="kern-body" role="status">{texts.count(rows.length)}</p>
      {rows.length === 0 ? <p className="kern-body">{texts.empty}</p> : (
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-title">{texts.queueTitle}</caption>
            <thead><tr><th scope="col">{c.submitted}</th><th scope="col">{c.project}</th><th scope="col">{c.type}</th><th scope="col">{c.period}</th><th scope="col">{c.due}</th><th scope="col">{c.open}</th></tr></thead>
            <tbody>
              {rows.map(({ report, project }) => (
                <tr key={report.id}>
                  <td>{formatDateTime(report.submittedAt)}</td>
                  <th scope="row">{project!.name}</th>
                  <td>{reportTexts.typeLabels[report.type]}</td>
                  <td>{report.period}</td>
                  <td>{formatDate(report.dueDate)}</td>
                  <td><Link to={`/berichte/${report.id}`}>{texts.open(report.period, project!.name)}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
