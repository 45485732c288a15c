import { formatCents, formatDate, parseEuroToCents } from '../../lib/format';
import type { Draft, Part } from './model';
import { texts } from './texts';

/*
 * A part of a report as lines of plain text, for the side-by-side choice, the submit summary and the read view.
 * Values are shown as typed (the editor's strings), dates and money in de-DE.
 */
const orEmpty = (value: string) => (value.trim() ? value : texts.conflict.empty);

export function describePart(draft: Draft, part: Part): string[] {
  switch (part) {
    case 'narrative': return [orEmpty(draft.narrative)];
    case 'overallStatus': return [draft.overallStatus ? texts.overallLabels[draft.overallStatus] : texts.overall.none];
    case 'overallStatusReason': return [orEmpty(draft.overallStatusReason)];
    case 'milestones':
      return draft.milestones.map((m) => `${orEmpty(m.title)} – ${texts.milestone.plannedDate} ${m.plannedDate ? formatDate(m.plannedDate) : '–'}` +
        `${m.actualDate ? `, ${texts.milestone.actualDate} ${formatDate(m.actualDate)}` : ''} (${texts.milestoneStatusLabels[m.status]})`);
    case 'indicators':
      return draft.indicators.map((i) => `${orEmpty(i.name)}${i.unit ? ` [${i.unit}]` : ''}: ${texts.indicator.baseline} ${i.baseline || '–'}, ` +
        `${texts.indicator.target} ${i.target || '–'}, ${texts.indicator.actual} ${i.actual || '–'}`);
    case 'spending':
      return draft.spending.map((s) => `${texts.costLabels[s.costCategory]}: ${parseEuroToCents(s.amount) === null ? orEmpty(s.amount) : formatCents(parseEuroToCents(s.amount))}`);
    case 'risks':
      return draft.risks.map((r) => `${orEmpty(r.description)} (${texts.risk.likelihood} ${texts.levelLabels[r.likelihood]}, ` +
        `${texts.risk.impact} ${texts.levelLabels[r.impact]})${r.mitigation ? ` – ${texts.risk.mitigation}: ${r.mitigation}` : ''}`);
    case 'measureProgress':
      return draft.measureProgress.map((m) => `${texts.cascade.measureCol} ${m.measureId}: ${m.status ? texts.measureStatusLabels[m.status] : '–'}` +
        `${m.spend ? `, ${parseEuroToCents(m.spend) === null ? m.spend : formatCents(parseEuroToCents(m.spend))}` : ''}`);
    case 'indicatorActuals':
      return draft.indicatorActuals.map((a) => `${texts.cascade.indicatorCol} ${a.goalId}/${a.indicatorId}: ${texts.indicator.actual} ${a.actual || '–'}`);
  }
}

export function PartText({ draft, part }: { draft: Draft; part: Part }) {
  const lines = describePart(draft, part);
  if (lines.length === 0) return <p className="kern-body">{texts.conflict.empty}</p>;
  if (part === 'narrative' || part === 'overallStatusReason' || part === 'overallStatus') return <p className="kern-body preserve">{lines[0]}</p>;
  return <ul className="kern-list">{lines.map((line, i) => <li key={i} className="preserve">{line}</li>)}</ul>;
}
