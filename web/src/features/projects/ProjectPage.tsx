import type { ReactNode } from 'react';
import { LoadError, Loading, PageTitle } from '../../components/Page';
import { useMe } from '../auth/session';
import { formatCents } from '../../lib/format';
import { PHASE_LABELS, STATUS_LABELS, useCategories, useProject, useStates } from '../../lib/portfolio';
import { Link } from '../../lib/router';

import { Obligations, StatusHistory } from './ProjectRecord';
import { texts } from './texts';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{term}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

export default function ProjectPage({ params }: { params: Record<string, string> }) {
  const project = useProject(params.slug);
  const categories = useCategories();
  const states = useStates();
  const me = useMe();
  if (project.isError) return <LoadError error={project.error} onRetry={() => void project.refetch()} />;
  if (!project.data) return <Loading />;
  const p = project.data;
  const stateName = (code: string) => states.data?.find((s) => s.code === code)?.name ?? code;
  return (
    <>
      <p><Link to="/projekte">{texts.back}</Link></p>
      <PageTitle title={p.name}>{p.name}</PageTitle>
      {p.motto && <p className="kern-body kern-body--large">{p.motto}</p>}
      <section aria-labelledby="steckbrief" className="page-section">
        <h2 id="steckbrief" className="kern-heading-medium">{texts.facts}</h2>
        <dl className="kern-description-list">
          <Fact term={texts.round}>{`${p.round.number} (${p.round.year})`}</Fact>
          <Fact term={texts.category}>{categories.data?.find((c) => c.code === p.category)?.name ?? p.category}</Fact>
          <Fact term={texts.states}>{p.states.map(stateName).join(', ')}</Fact>
          <Fact term={texts.lead}>{p.lead?.name ?? texts.noLead}</Fact>
          <Fact term={texts.members}>{p.members.length ? p.members.map((m) => m.name).join(', ') : texts.noMembers}</Fact>
          <Fact term={texts.grant}>
            {formatCents(p.grantCents)}
            {p.grantUncertain && <><br /><span className="kern-body kern-body--small">{texts.grantUncertain}</span></>}
          </Fact>
          <Fact term={texts.source}><span className="preserve">{p.source}</span></Fact>
          <Fact term={texts.phase}>{PHASE_LABELS[p.phase]}</Fact>
          <Fact term={texts.projectStatus}>{STATUS_LABELS[p.status]}</Fact>
        </dl>
      </section>
      <p><Link to={`/projekte/${p.slug}/strategie`}>{texts.strategy}</Link></p>
      {me.data && <p><Link to={`/projekte/${p.slug}/finanzen`}>{texts.funding}</Link></p>}
      {me.data && <StatusHistory projectId={p.id} officer={me.data.role === 'officer'} />}
      {me.data && <Obligations projectId={p.id} officer={me.data.role === 'officer'} />}
    </>
  );
}
