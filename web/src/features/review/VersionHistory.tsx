import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { components } from '../../api/schema';
import { Loading, LoadError } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatCents, formatDate, formatDateTime } from '../../lib/format';
import { texts as reportTexts } from '../reports/texts';
import { texts } from './texts';

/* The frozen submissions of a report, and the field-level difference of the latest one to the one before. */
type Version = components['schemas']['ReportVersionDto'];
type Change = Version['changes'][number];

const FIELD_LABELS: Record<string, string> = {
  title: reportTexts.milestone.title, plannedDate: reportTexts.milestone.plannedDate, actualDate: reportTexts.milestone.actualDate,
  status: reportTexts.milestone.status, name: reportTexts.indicator.name, unit: reportTexts.indicator.unit, baseline: reportTexts.indicator.baseline,
  target: reportTexts.indicator.target, actual: reportTexts.indicator.actual, costCategory: reportTexts.spending.category, amountCents: reportTexts.spending.amount,
  description: reportTexts.risk.description, likelihood: reportTexts.risk.likelihood, impact: reportTexts.risk.impact, mitigation: reportTexts.risk.mitigation,
};
const ENUM_LABELS: Record<string, string> = {
  ...reportTexts.milestoneStatusLabels, ...reportTexts.costLabels, ...reportTexts.levelLabels, ...reportTexts.overallLabels,
};

function one(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (key === 'amountCents' && typeof value === 'number') return formatCents(value);
  if ((key === 'plannedDate' || key === 'actualDate') && typeof value === 'string') return formatDate(value);
  return typeof value === 'string' ? ENUM_LABELS[value] ?? value : String(value);
}

/** A changed value in words: enum values and field names in German, money and dates in de-DE. */
export function showValue(value: unknown, field = ''): string {
  if (value === undefined || value === null || value === '') return '–';
  if (typeof value !== 'object') return one(field === 'spending' ? 'amountCents' : '', value);
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${FIELD_LABELS[k] ?? k}: ${one(k, v)}`).join('; ');
}

function beforeAfter(change: Change, previous: Version | undefined, latest: Version): [string, string] {
  if (change.field === 'narrative') return [previous?.content.narrative ?? '–', latest.content.narrative ?? '–'];
  return [showValue(change.from, change.field), showValue(change.to, change.field)];
}

export function ChangesTable({ latest, previous }: { latest: Version; previous?: Version }) {
  if (!previous) return <p className="kern-body">{texts.diffFirst}</p>;
  if (latest.changes.length === 0) return <p className="kern-body">{texts.diffNone}</p>;
  const c = texts.diffColumns;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table diff-table">
        <caption className="kern-title">{texts.diffCaption(latest.submission)}</caption>
        <thead><tr><th scope="col">{c.part}</th><th scope="col">{c.entry}</th><th scope="col">{c.change}</th><th scope="col">{c.before}</th><th scope="col">{c.after}</th></tr></thead>
        <tbody>
          {latest.changes.map((change, i) => {
            const [before, after] = beforeAfter(change, previous, latest);
            return (
              <tr key={i}>
                <th scope="row">{reportTexts.partLabels[change.field] ?? change.field}</th>
                <td>{change.key ? ENUM_LABELS[change.key] ?? change.key : '–'}</td>
                <td>{texts.changeLabels[change.change]}</td>
                <td className="preserve diff-before"><del>{before}</del></td>
                <td className="preserve diff-after"><ins>{after}</ins></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The difference first, then `children` (the officer's decision), then the history. */
export function VersionHistory({ reportId, children }: { reportId: number; children?: ReactNode }) {
  const versions = useQuery({
    queryKey: ['report', reportId, 'versions'],
    queryFn: async () => unwrap(await api.GET('/api/v1/reports/{id}/versions', { params: { path: { id: reportId } } })),
  });
  if (versions.error) return <LoadError error={versions.error} onRetry={() => void versions.refetch()} />;
  if (!versions.data) return <Loading />;
  const items = versions.data.items;
  const latest = items[items.length - 1];
  return (
    <>
      <section aria-labelledby="diff-titel" className="page-section">
        <h2 id="diff-titel" className="kern-heading-large">{texts.diffTitle}</h2>
        {latest ? <ChangesTable latest={latest} previous={items[items.length - 2]} /> : <p className="kern-body">{texts.historyEmpty}</p>}
      </section>
      {children}
      <section aria-labelledby="versionen-titel" className="page-section">
        <h2 id="versionen-titel" className="kern-heading-large">{texts.historyTitle}</h2>
        {items.length === 0 ? <p className="kern-body">{texts.historyEmpty}</p> : (
          <ol className="kern-list">
            {items.slice().reverse().map((v) => (
              <li key={v.submission}>
                {texts.submission(v.submission)} – {formatDateTime(v.submittedAt)} ({reportTexts.partLabels.overallStatus}: {v.content.overallStatus ? reportTexts.overallLabels[v.content.overallStatus] : '–'})
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
