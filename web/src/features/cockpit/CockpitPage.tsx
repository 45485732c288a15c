import { DataTable } from '../../components/DataTable';
import { LoadError, Loading, PageTitle } from '../../components/Page';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../auth/session';
import { FundingSection } from './FundingSection';
import { useLatestAudit, useLatestSnapshot, useOverdue } from './queries';
import type { ProgressContent } from './rollup-types';
import { reasonInGerman } from './reasons';
import { RollupRunner } from './RollupRunner';
import { texts } from './texts';

function Overdue() {
  const overdue = useOverdue();
  if (overdue.isError) return <LoadError error={overdue.error} />;
  if (!overdue.data) return <Loading />;
  const rows = overdue.data.items;
  return rows.length === 0 ? <p className="kern-body">{texts.overdueNone}</p> : (
    <DataTable caption={texts.overdueTitle} hideCaption rows={rows} rowKey={(r) => `${r.projectId}-${r.period}-${r.type}`} columns={[
      { key: 'project', header: texts.colProject, rowHeader: true, cell: (r) => r.projectName },
      { key: 'period', header: texts.colPeriod, cell: (r) => r.period },
      { key: 'due', header: texts.colDue, cell: (r) => formatDate(r.dueDate) },
      { key: 'late', header: texts.colLate, numeric: true, cell: (r) => formatNumber(r.daysLate) },
    ]} />
  );
}

function Health({ content }: { content: ProgressContent | undefined }) {
  if (!content) return <p className="kern-body">{texts.healthNoSnapshot}</p>;
  const rows = content.projects.filter((p) => p.health !== 'green');
  return rows.length === 0 ? <p className="kern-body">{texts.healthNone}</p> : (
    <>
    <p className="kern-body">{texts.dataAsOf}: <strong>{formatDateTime(content.asOf.dataAsOf)}</strong></p>
    <DataTable caption={texts.healthTitle} hideCaption rows={rows} rowKey={(p) => p.projectId} columns={[
      { key: 'name', header: texts.colProject, rowHeader: true, cell: (p) => <Link to={`/projekte/${p.slug}`}>{p.name}</Link> },
      { key: 'health', header: texts.colHealth, cell: (p) => <span className={`health-${p.health}`}>{texts.health[p.health]}</span> },
      { key: 'reasons', header: texts.colReasons, cell: (p) => p.reasons.map(reasonInGerman).join('; ') },
      { key: 'ledger', header: texts.colLedger, cell: (p) => <Link to={`/projekte/${p.slug}/finanzen`} aria-label={`${texts.ledger}: ${p.name}`}>{texts.ledger}</Link> },
    ]} />
    </>
  );
}

function Audit() {
  const audit = useLatestAudit();
  if (audit.isError) return <LoadError error={audit.error} />;
  if (!audit.data) return <Loading />;
  return audit.data.items.length === 0 ? <p className="kern-body">{texts.auditNone}</p> : (
    <DataTable caption={texts.auditTitle} hideCaption rows={audit.data.items} rowKey={(e) => e.id} columns={[
      { key: 'when', header: texts.colWhen, rowHeader: true, cell: (e) => formatDateTime(e.occurredAt) },
      { key: 'who', header: texts.colWho, cell: (e) => e.actorEmail ?? texts.system },
      { key: 'action', header: texts.colAction, cell: (e) => texts.actions[e.action] ?? e.action },
      { key: 'entity', header: texts.colEntity, cell: (e) => `${texts.entities[e.entityType] ?? e.entityType}${e.entityId ? ` ${e.entityId}` : ''}` },
    ]} />
  );
}

export default function CockpitPage() {
  const me = useMe();
  const funding = useLatestSnapshot('funding');
  const progress = useLatestSnapshot('progress');
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.lead}</p>
      {me.data?.role === 'officer' && <RollupRunner />}
      {funding.isError && <LoadError error={funding.error} />}
      {funding.isPending && <Loading />}
      {funding.data === null && <p className="kern-body">{texts.noSnapshot}</p>}
      {funding.data && <FundingSection content={funding.data.content} />}
      <section aria-labelledby="verzug" className="page-section">
        <h2 id="verzug" className="kern-heading-medium">{texts.overdueTitle}</h2>
        <Overdue />
      </section>
      <section aria-labelledby="zustand" className="page-section">
        <h2 id="zustand" className="kern-heading-medium">{texts.healthTitle}</h2>
        <Health content={progress.data?.content} />
      </section>
      <section aria-labelledby="protokoll" className="page-section">
        <h2 id="protokoll" className="kern-heading-medium">{texts.auditTitle}</h2>
        <Audit />
      </section>
    </>
  );
}
