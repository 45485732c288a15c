import { Alert, LoadError, Loading, PageTitle } from '../../components/Page';
import { ApiRequestError } from '../../lib/api-client';
import { useProject, type Project } from '../../lib/portfolio';
import { Link } from '../../lib/router';
import { useMe, type Me } from '../auth/session';
import { useStrategy, useVocabularies } from './queries';
import { StrategyReview } from './StrategyReview';
import { StrategyView } from './StrategyView';
import { texts } from './texts';

/** The municipality that leads or is a member of the project writes its cascade (the API decides; this only shows the way). */
export const writesFor = (me: Me | null | undefined, p: Project) =>
  me?.role === 'municipality' && me.bodyId != null && (p.lead?.id === me.bodyId || p.members.some((m) => m.id === me.bodyId));

/*
 * /projekte/:slug/strategie — public once accepted; the project's municipality and the programme office also see the
 * current draft with its status. The officer decides on a submitted cascade right here.
 */
export default function StrategyPage({ params }: { params: Record<string, string> }) {
  const project = useProject(params.slug);
  const me = useMe();
  const strategy = useStrategy(project.data?.id);
  const vocabularies = useVocabularies();
  if (project.error) return <LoadError error={project.error} />;
  if (!project.data || me.isPending) return <Loading />;
  const p = project.data;
  const header = (
    <>
      <p><Link to={`/projekte/${p.slug}`}>{texts.back}</Link></p>
      <PageTitle title={`${texts.docTitle}: ${p.name}`}>{texts.title(p.name)}</PageTitle>
      <p className="kern-body">{texts.lead}</p>
    </>
  );
  const notPublished = strategy.error instanceof ApiRequestError && strategy.error.status === 404;
  if (notPublished) return <>{header}<p className="kern-body">{texts.notPublished}</p></>;
  if (strategy.error) return <>{header}<LoadError error={strategy.error} /></>;
  if (!strategy.data) return <>{header}<Loading /></>;
  const s = strategy.data;
  const owner = writesFor(me.data, p);
  const status = texts.statusLabels[s.status] ?? s.status;
  return (
    <>
      {header}
      <p className="kern-body"><strong>{texts.statusLine(status)}</strong></p>
      {s.status !== 'accepted' && me.data && <Alert kind="info" title={texts.draftNotice} />}
      {s.reviewComment && s.status === 'changes_requested' && (
        <Alert kind="warning" title={texts.reviewComment}><span className="preserve">{s.reviewComment}</span></Alert>
      )}
      {owner && s.status !== 'submitted' && (
        <p><Link to={`/projekte/${p.slug}/strategie/bearbeiten`} className="kern-btn kern-btn--primary"><span className="kern-label">{texts.edit}</span></Link></p>
      )}
      {s.version === 0 ? <p className="kern-body">{texts.empty}</p> : <StrategyView strategy={s} vocabularies={vocabularies.data} />}
      {me.data?.role === 'officer' && s.status === 'submitted' && <StrategyReview strategy={s} />}
    </>
  );
}
