import { DataTable, type Column } from '../../components/DataTable';
import { formatBp, formatCents, formatDateTime, formatNumber } from '../../lib/format';
import { Link } from '../../lib/router';
import type { FundingContent, FundingFigures, Group } from './rollup-types';
import { texts } from './texts';

type Grouping = 'round' | 'category' | 'state';
const FILTER: Record<Grouping, string> = { round: 'staffel', category: 'kategorie', state: 'land' };
const TITLE: Record<Grouping, string> = { round: texts.byRound, category: texts.byCategory, state: texts.byState };

function groupColumns(by: Grouping): Column<Group<FundingFigures>>[] {
  return [
    { key: 'label', header: texts.colGroup[by], rowHeader: true, cell: (g) => <Link to={`/projekte?${FILTER[by]}=${encodeURIComponent(g.key)}`}>{g.label}</Link> },
    { key: 'projects', header: texts.colProjects, numeric: true, cell: (g) => formatNumber(g.projectCount) },
    { key: 'granted', header: texts.colGranted, numeric: true, cell: (g) => formatCents(g.grantKnownCents) },
    { key: 'unknown', header: texts.colUnknown, numeric: true, cell: (g) => formatNumber(g.grantUnknownCount) },
    { key: 'committed', header: texts.colCommitted, numeric: true, cell: (g) => formatCents(g.committedCents) },
    { key: 'disbursed', header: texts.colDisbursed, numeric: true, cell: (g) => formatCents(g.disbursedCents) },
    { key: 'remaining', header: texts.colRemaining, numeric: true, cell: (g) => formatCents(g.remainingCents) },
    { key: 'lag', header: texts.colLag, numeric: true, cell: (g) => formatCents(g.drawdownLagCents) },
  ];
}

function Figure({ term, value, hint, to }: { term: string; value: string; hint?: string; to: string }) {
  return (
    <div className="key-figure">
      <dt>{term}</dt>
      <dd><a className="kern-link" href={to} aria-label={`${term}: ${value}`}>{value}</a></dd>
      {hint && <dd className="key-figure__hint">{hint}</dd>}
    </div>
  );
}

/** Programme totals from the latest funding snapshot, then the same figures per Staffel, category and Land. */
export function FundingSection({ content }: { content: FundingContent }) {
  const t = content.totals;
  return (
    <>
      <section aria-labelledby="gesamt" className="page-section">
        <h2 id="gesamt" className="kern-heading-medium">{texts.totalsTitle}</h2>
        <p className="kern-body">{texts.dataAsOf}: <strong>{formatDateTime(content.asOf.dataAsOf)}</strong></p>
        <dl className="key-figures" aria-label={texts.totalsTitle}>
          <Figure term={texts.granted} value={formatCents(t.grantKnownCents)} hint={texts.grantUnknown(t.grantUnknownCount)} to="#nach-round" />
          <Figure term={texts.committed} value={formatCents(t.committedCents)} hint={`${formatBp(t.committedOfBudgetBp)} ${texts.ofBudget}`} to="#nach-round" />
          <Figure term={texts.disbursed} value={formatCents(t.disbursedCents)} hint={`${formatBp(t.disbursedOfBudgetBp)} ${texts.ofBudget}`} to="#nach-round" />
          <Figure term={texts.remaining} value={formatCents(t.remainingCents)} to="#nach-round" />
          <Figure term={texts.lag} value={formatCents(t.drawdownLagCents)} hint={texts.lagProjects(t.drawdownLagProjectCount)} to="#nach-round" />
        </dl>
      </section>
      {(['round', 'category', 'state'] as const).map((by) => (
        <section key={by} aria-labelledby={`nach-${by}-titel`} id={`nach-${by}`} className="page-section">
          <h2 id={`nach-${by}-titel`} className="kern-heading-medium">{TITLE[by]}</h2>
          <p className="kern-body kern-body--small">{texts.drillHint}</p>
          <DataTable caption={TITLE[by]} hideCaption columns={groupColumns(by)} rows={content.groups[by]} rowKey={(g) => g.key} />
          {by === 'state' && <p className="kern-body kern-body--small">{texts.stateNote}</p>}
        </section>
      ))}
    </>
  );
}
