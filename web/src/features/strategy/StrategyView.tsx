import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { formatCents, formatDate } from '../../lib/format';
import type { Strategy, Vocabularies } from './model';
import { labelOf } from './queries';
import { texts } from './texts';

/* The cascade as a readable page, from Vision to Umsetzung. Every text is the municipality's own: rendered as text. */
type Step = keyof typeof texts.steps;

function Step({ step, children }: { step: Step; children: ReactNode }) {
  return (
    <section aria-labelledby={`stufe-${step}`} className="page-section">
      <h2 id={`stufe-${step}`} className="kern-heading-medium">{texts.steps[step]}</h2>
      <p className="kern-body kern-body--small">{texts.hints[step]}</p>
      {children}
    </section>
  );
}

const Text = ({ value }: { value: string | null }) => <p className="kern-body preserve">{value?.trim() ? value : texts.none}</p>;

function Row({ term, children }: { term: string; children: ReactNode }) {
  return <div className="summary-list__row"><dt>{term}</dt><dd>{children}</dd></div>;
}

const list = (codes: string[], label: (code: string) => string) => (codes.length ? codes.map(label).join(', ') : texts.none);

function Goals({ s }: { s: Strategy }) {
  if (!s.goals.length) return <p className="kern-body">{texts.none}</p>;
  return (
    <>
      {s.goals.map((g) => (
        <article key={g.id} className="report-entry" aria-labelledby={`ziel-${g.id}`}>
          <h3 id={`ziel-${g.id}`} className="kern-heading-small preserve">{g.title}</h3>
          {g.indicators.length > 0 && (
            <DataTable caption={`${texts.indicators}: ${g.title}`} hideCaption rows={g.indicators} rowKey={(i) => i.id} columns={[
              { key: 'name', header: texts.col.indicator, rowHeader: true, cell: (i) => <span className="preserve">{i.name}</span> },
              { key: 'unit', header: texts.col.unit, cell: (i) => i.unit },
              { key: 'baseline', header: texts.col.baseline, numeric: true, cell: (i) => (i.baseline ?? texts.none).toLocaleString('de-DE') },
              { key: 'target', header: texts.col.target, numeric: true, cell: (i) => (i.target ?? texts.none).toLocaleString('de-DE') },
              { key: 'date', header: texts.col.targetDate, cell: (i) => formatDate(i.targetDate) },
            ]} />
          )}
        </article>
      ))}
    </>
  );
}

function Measures({ s, label }: { s: Strategy; label: (code: string) => string }) {
  if (!s.measures.length) return <p className="kern-body">{texts.none}</p>;
  const goalTitle = (id: string) => s.goals.find((g) => g.id === id)?.title ?? id;
  const cost = s.measures.reduce((sum, m) => sum + (m.plannedCostCents ?? 0), 0);
  const federal = s.measures.reduce((sum, m) => sum + (m.plannedFederalCents ?? 0), 0);
  return (
    <>
      <p className="kern-body">{texts.plannedTotal(cost, federal)}</p>
      {s.measures.map((m) => (
        <article key={m.id} className="report-entry" aria-labelledby={`massnahme-${m.id}`}>
          <h3 id={`massnahme-${m.id}`} className="kern-heading-small preserve">{m.title}</h3>
          {m.description && <p className="kern-body preserve">{m.description}</p>}
          <dl className="summary-list">
            <Row term={texts.measure.status}>{texts.measureStatus[m.status]}</Row>
            <Row term={texts.measure.fields}>{list(m.fieldsOfAction, label)}</Row>
            <Row term={texts.measure.qualities}>{list(m.qualities, label)}</Row>
            <Row term={texts.measure.guidelines}>{list(m.guidelines, label)}</Row>
            <Row term={texts.measure.goals}>{list(m.goalIds, goalTitle)}</Row>
            <Row term={texts.measure.cost}>{formatCents(m.plannedCostCents)}</Row>
            <Row term={texts.measure.federal}>{formatCents(m.plannedFederalCents)}</Row>
            <Row term={texts.measure.period}>{texts.measure.from(formatDate(m.startsOn), formatDate(m.endsOn))}</Row>
          </dl>
          {m.milestones.length > 0 && (
            <>
              <h4 className="kern-title">{texts.measure.milestones}</h4>
              <ul className="kern-list">
                {m.milestones.map((ms, i) => (
                  <li key={i} className="preserve">{`${ms.title}: ${formatDate(ms.plannedDate)} – ${texts.milestoneStatus[ms.status]}`}</li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
    </>
  );
}

export function StrategyView({ strategy: s, vocabularies: v }: { strategy: Strategy; vocabularies: Vocabularies | undefined }) {
  const label = labelOf(v && [v.fieldsOfAction, v.qualities, v.guidelines, v.values]);
  const values = [...s.values.codes.map(label), ...s.values.own];
  return (
    <>
      <Step step="vision"><Text value={s.vision} /></Step>
      <Step step="mission"><Text value={s.mission} /></Step>
      <Step step="values">
        {values.length ? <ul className="kern-list">{values.map((value) => <li key={value} className="preserve">{value}</li>)}</ul> : <p className="kern-body">{texts.none}</p>}
      </Step>
      <Step step="goals"><Goals s={s} /></Step>
      <Step step="strategy">
        <Text value={s.strategy.approach} />
        <dl className="summary-list">
          <Row term={texts.resolutionDate}>{formatDate(s.strategy.resolutionDate)}</Row>
          <Row term={texts.documentRef}><span className="preserve">{s.strategy.documentRef ?? texts.none}</span></Row>
        </dl>
      </Step>
      <Step step="measures"><Measures s={s} label={label} /></Step>
    </>
  );
}
