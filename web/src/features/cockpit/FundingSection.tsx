import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { DataTable, type Column } from '../../components/DataTable';
import { formatBp, formatCents, formatDateTime, formatNumber } from '../../lib/format';
import { Link, useRouter, useSearchParams } from '../../lib/router';
import type { FundingContent, FundingFigures, Group } from './rollup-types';
import { texts } from './texts';

type Grouping = 'round' | 'category' | 'state';
const FILTER: Record<Grouping, string> = { round: 'staffel', category: 'kategorie', state: 'land' };
const TITLE: Record<Grouping, string> = { round: texts.byRound, category: texts.byCategory, state: texts.byState };
/** The open tab lives in the URL (?gruppe=…), so a breakdown can be linked and reloaded. */
const IN_URL: Record<Grouping, string> = { round: 'staffel', category: 'kategorie', state: 'land' };
const GROUPINGS = ['round', 'category', 'state'] as const;

function Breakdown({ content }: { content: FundingContent }) {
  const { navigate, location } = useRouter();
  const params = useSearchParams();
  const selected = GROUPINGS.find((by) => IN_URL[by] === params.get('gruppe')) ?? 'round';
  const select = (key: unknown) => {
    const next = new URLSearchParams(location.search);
    next.set('gruppe', IN_URL[key as Grouping]);
    navigate(`${location.pathname}?${next.toString()}`, { replace: true, keepScroll: true });
  };
  return (
    <section aria-labelledby="aufschluesselung-titel" id="aufschluesselung" className="page-section">
      <h2 id="aufschluesselung-titel" className="kern-heading-medium">{texts.breakdown}</h2>
      <Tabs selectedKey={selected} onSelectionChange={select}>
        <TabList aria-label={texts.breakdown} className="tabs__list">
          {GROUPINGS.map((by) => <Tab key={by} id={by} className="tabs__tab">{TITLE[by]}</Tab>)}
        </TabList>
        {GROUPINGS.map((by) => (
          <TabPanel key={by} id={by} className="tabs__panel">
            <p className="kern-body kern-body--small">{texts.drillHint}</p>
            <DataTable caption={TITLE[by]} hideCaption columns={groupColumns(by)} rows={content.groups[by]} rowKey={(g) => g.key} />
            {by === 'state' && <p className="kern-body kern-body--small">{texts.stateNote}</p>}
          </TabPanel>
        ))}
      </Tabs>
    </section>
  );
}

function groupColumns(by: Grouping): Column<Group<FundingFigures>>[] {
  return [
    { key: 'label', header: texts.colGroup[by], rowHeader: true, cell: (g) => <Link to={`/projekte?${FILTER[by]}=${encodeURIComponent(g.key)}`}>{g.label}</Link> },
    { key: 'projects', header: texts.colProjects, numeric: true, cell: (g) => formatNumber(g.projectCount) },
    { key: 'granted', header: texts.colGranted, numeric: true, cell: (g) => formatCents(g.projectCount > 0 && g.grantKnownCount === 0 ? null : g.grantKnownCents) },
    { key: 'unknown', header: texts.colUnknown, numeric: true, cell: (g) => formatNumber(g.grantUnknownCount) },
    { key: 'committed', header: texts.colCommitted, numeric: true, cell: (g) => formatCents(g.committedCents) },
    { key: 'disbursed', header: texts.colDisbursed, numeric: true, cell: (g) => formatCents(g.disbursedCents) },
    { key: 'remaining', header: texts.colRemaining, numeric: true, cell: (g) => formatCents(g.remainingCents) },
    { key: 'lag', header: texts.colLag, numeric: true, cell: (g) => formatCents(g.drawdownLagCents) },
    {
      key: 'entries', header: texts.colEntries,
      cell: (g) => <Link to={`/exporte?zeilen=transactions&${FILTER[by]}=${encodeURIComponent(g.key)}`} aria-label={texts.entriesOf(g.label)}>{texts.entries}</Link>,
    },
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
          <Figure term={texts.granted} value={formatCents(t.grantKnownCents)} hint={texts.grantUnknown(t.grantUnknownCount)} to="#aufschluesselung" />
          <Figure term={texts.committed} value={formatCents(t.committedCents)} hint={`${formatBp(t.committedOfBudgetBp)} ${texts.ofBudget}`} to="#aufschluesselung" />
          <Figure term={texts.disbursed} value={formatCents(t.disbursedCents)} hint={`${formatBp(t.disbursedOfBudgetBp)} ${texts.ofBudget}`} to="#aufschluesselung" />
          <Figure term={texts.remaining} value={formatCents(t.remainingCents)} to="#aufschluesselung" />
          <Figure term={texts.lag} value={formatCents(t.drawdownLagCents)} hint={texts.lagProjects(t.drawdownLagProjectCount)} to="#aufschluesselung" />
        </dl>
      </section>
      <Breakdown content={content} />
    </>
  );
}
