import { useMemo } from 'react';
import { BarChart } from '../../components/BarChart';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadError, Loading, PageTitle } from '../../components/Page';
import { centsToEuros, formatCents, formatCentsWhole, formatNumber } from '../../lib/format';
import { useCategories, useProgramme, useRounds, useStates, type Category, type Programme, type Round, type State } from '../../lib/portfolio';
import { Link } from '../../lib/router';
import { texts } from './texts';

const GRANT_COLOUR = '#0b5ea8';
const euroTick = (value: number) => formatCentsWhole(value * 100);

/** The known grants of a group; null (shown "unbekannt", a gap in the chart) when none of its projects' grants is known. */
const knownGrant = (row: Grouped) => (row.projectCount > 0 && row.projectsWithUnknownGrant === row.projectCount ? null : row.grantedCents);

/** A figure group that draws the same rows as a chart and as a table. */
interface Grouped { key: string; label: string; to: string; projectCount: number; grantedCents: number; projectsWithUnknownGrant: number }

function GroupSection({ id, title, rows, firstHeader, note, horizontal }: {
  id: string; title: string; rows: Grouped[]; firstHeader: string; note?: string; horizontal?: boolean;
}) {
  const labels = useMemo(() => rows.map((row) => row.label), [rows]);
  const series = useMemo(() => [{ label: texts.seriesGranted, values: rows.map((row) => centsToEuros(knownGrant(row))), color: GRANT_COLOUR }], [rows]);
  const columns: Column<Grouped>[] = [
    { key: 'label', header: firstHeader, rowHeader: true, cell: (row) => <Link to={row.to}>{row.label}</Link> },
    { key: 'projects', header: texts.colProjects, numeric: true, cell: (row) => formatNumber(row.projectCount) },
    { key: 'granted', header: texts.colGranted, numeric: true, cell: (row) => formatCents(knownGrant(row)) },
    { key: 'unknown', header: texts.colUnknown, numeric: true, cell: (row) => formatNumber(row.projectsWithUnknownGrant) },
  ];
  return (
    <section aria-labelledby={id} className="overview-section">
      <h2 id={id} className="kern-heading-medium">{title}</h2>
      <BarChart labels={labels} series={series} summary={texts.chartSummary(title)} horizontal={horizontal} format={euroTick} />
      <DataTable caption={`${title} – ${texts.tableLinkHint}`} columns={columns} rows={rows} rowKey={(row) => row.key} />
      {note && <p className="kern-body kern-body--small">{note}</p>}
    </section>
  );
}

const fromRound = (r: Round): Grouped => ({ ...r, key: String(r.number), label: texts.roundLabel(r.number, r.year), to: `/projekte?staffel=${r.number}` });
const fromCategory = (c: Category): Grouped => ({ ...c, key: c.code, label: c.name, to: `/projekte?kategorie=${c.code}` });
const fromState = (s: State): Grouped => ({ ...s, key: s.code, label: s.name, to: `/projekte?land=${s.code}` });

function KeyFigures({ programme: p }: { programme: Programme }) {
  const known = p.projectCount - p.projectsWithUnknownGrant;
  return (
    <>
      <dl className="key-figures">
        <div className="key-figure"><dt>{texts.budget}</dt><dd>{formatCents(p.budgetCents)}</dd></div>
        <div className="key-figure"><dt>{texts.projects}</dt><dd>{formatNumber(p.projectCount)}</dd></div>
        <div className="key-figure">
          <dt>{texts.granted}</dt><dd>{formatCents(p.grantedCents)}</dd>
          <dd className="key-figure__hint">{texts.grantedHint(known)}</dd>
        </div>
        <div className="key-figure">
          <dt>{texts.unknown}</dt><dd>{formatNumber(p.projectsWithUnknownGrant)} {texts.projects}</dd>
          <dd className="key-figure__hint">{texts.unknownHint}</dd>
        </div>
      </dl>
      {p.projectsWithUncertainGrant > 0 && <p className="kern-body kern-body--small">{texts.uncertain(p.projectsWithUncertainGrant)}</p>}
    </>
  );
}

export default function OverviewPage() {
  const programme = useProgramme();
  const rounds = useRounds();
  const categories = useCategories();
  const states = useStates();
  const roundRows = useMemo(() => rounds.data?.map(fromRound) ?? [], [rounds.data]);
  const categoryRows = useMemo(() => categories.data?.map(fromCategory) ?? [], [categories.data]);
  const stateRows = useMemo(() => states.data?.map(fromState) ?? [], [states.data]);

  const p = programme.data;
  return (
    <>
      <PageTitle title="Übersicht">{texts.title}</PageTitle>
      <p className="kern-body kern-body--large">{texts.lead}</p>
      <p className="quick-links">
        <Link to="/projekte?land=DE-HE" className="kern-btn kern-btn--primary"><span className="kern-label">{texts.hessen}</span></Link>
        <Link to="/projekte" className="kern-btn kern-btn--secondary"><span className="kern-label">{texts.allProjects}</span></Link>
      </p>
      <section aria-labelledby="zahlen">
        <h2 id="zahlen" className="kern-heading-medium">{texts.figuresTitle}</h2>
        {programme.isError && <LoadError error={programme.error} onRetry={() => void programme.refetch()} />}
        {!p && !programme.isError && <Loading />}
        {p && <KeyFigures programme={p} />}
      </section>
      {rounds.isError || categories.isError || states.isError ? <LoadError error={rounds.error ?? categories.error ?? states.error} /> : null}
      {roundRows.length > 0 && <GroupSection id="staffeln" title={texts.byRound} rows={roundRows} firstHeader={texts.colRound} />}
      {categoryRows.length > 0 && <GroupSection id="kategorien" title={texts.byCategory} rows={categoryRows} firstHeader={texts.colCategory} horizontal />}
      {stateRows.length > 0 && <GroupSection id="laender" title={texts.byState} rows={stateRows} firstHeader={texts.colState} note={texts.stateNote} horizontal />}
    </>
  );
}
