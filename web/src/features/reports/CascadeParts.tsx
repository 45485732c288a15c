import { useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { SelectField, TextField, type FieldErrors } from '../../components/forms';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { formatCents, formatDate, formatDecimal, parseEuroToCents } from '../../lib/format';
import {
  fromServer, MEASURE_STATUSES, parseDecimal, setIndicatorActual, setMeasureProgress,
  type Draft, type DraftIndicatorActual, type DraftMeasureProgress, type MeasureStatus, type Report,
} from './model';
import { texts } from './texts';

/*
 * The parts of a progress report that follow the project's strategy cascade (issue 14, item 4): per measure its status
 * and spend in the period, per goal indicator the value reached. The editor lists the cascade's measures and indicators
 * (GET /projects/:id/strategy) and keeps an entry only for what is filled in; the read view puts each reported value
 * next to what the cascade plans (planned cost, baseline and target), which is what the reviewer compares.
 */
type Strategy = components['schemas']['StrategyDto'];
type Measure = Strategy['measures'][number];
interface IndicatorRow { key: string; goalId: string; goal: string; indicator: Strategy['goals'][number]['indicators'][number] }

const t = texts.cascade;

/** The project's cascade, or null when it has none (404). */
export function useCascade(projectId: number) {
  return useQuery({
    queryKey: ['strategy', projectId],
    queryFn: async () => {
      try {
        return unwrap(await api.GET('/api/v1/projects/{id}/strategy', { params: { path: { id: projectId } } })) as Strategy;
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

function indicatorRows(cascade: Strategy): IndicatorRow[] {
  return cascade.goals.flatMap((goal) => goal.indicators.map((indicator) => ({ key: `${goal.id}/${indicator.id}`, goalId: goal.id, goal: goal.title, indicator })));
}

const number = (value: number | null | undefined) => (value == null ? '–' : formatDecimal(value));

interface EditProps { draft: Draft; errors: FieldErrors; onChange: (draft: Draft) => void; cascade: Strategy }

function MeasureFields({ measure, draft, errors, onChange, order }: Omit<EditProps, 'cascade'> & { measure: Measure; order: string[] }) {
  const entry: DraftMeasureProgress = draft.measureProgress.find((m) => m.measureId === measure.id) ?? { measureId: measure.id, status: '', spend: '' };
  const id = `measureProgress-${measure.id}`;
  const update = (patch: Partial<DraftMeasureProgress>) => onChange(setMeasureProgress(draft, order, { ...entry, ...patch }));
  const options = [{ value: '', label: t.notReported }, ...MEASURE_STATUSES.map((s) => ({ value: s, label: texts.measureStatusLabels[s] }))];
  return (
    <fieldset className="kern-fieldset report-entry" id={id}>
      <legend className="kern-label">{measure.title}</legend>
      <p className="kern-hint">{t.planned(formatCents(measure.plannedCostCents), formatCents(measure.plannedFederalCents))}</p>
      <div className="report-entry__fields">
        <SelectField id={`${id}-status`} label={t.status} options={options} error={errors[`${id}-status`]} value={entry.status}
          onChange={(e) => update({ status: e.target.value as MeasureStatus | '' })} />
        <TextField id={`${id}-spend`} label={t.spend} inputMode="decimal" error={errors[`${id}-spend`]} value={entry.spend}
          onChange={(e) => update({ spend: e.target.value })} />
      </div>
    </fieldset>
  );
}

function IndicatorField({ row, draft, errors, onChange, order }: Omit<EditProps, 'cascade'> & { row: IndicatorRow; order: string[] }) {
  const entry = draft.indicatorActuals.find((a) => `${a.goalId}/${a.indicatorId}` === row.key);
  const id = `indicatorActuals-${row.goalId}_${row.indicator.id}-actual`;
  const { indicator } = row;
  const next = (actual: string): DraftIndicatorActual => ({ goalId: row.goalId, indicatorId: indicator.id, actual });
  return (
    <TextField id={id} label={t.actual(`${row.goal} – ${indicator.name}`, indicator.unit)} inputMode="decimal"
      hint={t.target(number(indicator.baseline), number(indicator.target), indicator.targetDate ? formatDate(indicator.targetDate) : '')}
      error={errors[id]} value={entry?.actual ?? ''} onChange={(e) => onChange(setIndicatorActual(draft, order, next(e.target.value)))} />
  );
}

/** The editor's part: every measure and indicator of the cascade, empty where nothing is reported. */
export function CascadeEditPart({ cascade, ...props }: EditProps) {
  const measureOrder = cascade.measures.map((m) => m.id);
  const rows = indicatorRows(cascade);
  const indicatorOrder = rows.map((r) => r.key);
  return (
    <section aria-labelledby="teil-strategie" className="page-section">
      <h2 id="teil-strategie" className="kern-heading-large">{t.heading}</h2>
      <p className="kern-hint">{t.intro}</p>
      {cascade.measures.length > 0 && <h3 className="kern-heading-medium">{t.measures}</h3>}
      {cascade.measures.map((measure) => <MeasureFields key={measure.id} measure={measure} order={measureOrder} {...props} />)}
      {rows.length > 0 && <h3 className="kern-heading-medium">{t.goals}</h3>}
      {rows.map((row) => <IndicatorField key={row.key} row={row} order={indicatorOrder} {...props} />)}
    </section>
  );
}

/** The read view's part: reported values next to the plan, as two tables. */
export function CascadeReadPart({ report }: { report: Report }) {
  const cascade = useCascade(report.projectId);
  const draft = fromServer(report);
  if (cascade.isLoading) return null;
  const measures = cascade.data?.measures ?? [];
  const rows = cascade.data ? indicatorRows(cascade.data) : [];
  if (!draft.measureProgress.length && !draft.indicatorActuals.length && !measures.length) return null;
  const measureOf = (id: string) => measures.find((m) => m.id === id);
  const rowOf = (goalId: string, indicatorId: string) => rows.find((r) => r.key === `${goalId}/${indicatorId}`);
  const target = new Map(report.indicatorActuals.map((a) => [`${a.goalId}/${a.indicatorId}`, a.target]));
  return (
    <div className="read-part">
      <h3 className="kern-heading-medium">{t.heading}</h3>
      {draft.measureProgress.length === 0 && draft.indicatorActuals.length === 0 && <p className="kern-body">{texts.conflict.empty}</p>}
      {draft.measureProgress.length > 0 && (
        <DataTable caption={t.caption} rowKey={(m) => m.measureId} rows={draft.measureProgress} columns={[
          { key: 'measure', header: t.measureCol, rowHeader: true, cell: (m) => measureOf(m.measureId)?.title ?? t.unknownMeasure(m.measureId) },
          { key: 'planned', header: t.plannedCol, numeric: true, cell: (m) => formatCents(measureOf(m.measureId)?.plannedCostCents) },
          { key: 'federal', header: t.federalCol, numeric: true, cell: (m) => formatCents(measureOf(m.measureId)?.plannedFederalCents) },
          { key: 'status', header: t.statusCol, cell: (m) => (m.status ? texts.measureStatusLabels[m.status] : '–') },
          { key: 'spend', header: t.spendCol, numeric: true, cell: (m) => (m.spend ? formatCents(parseEuroToCents(m.spend)) : '–') },
        ]} />
      )}
      {draft.indicatorActuals.length > 0 && (
        <DataTable caption={t.goalCaption} rowKey={(a) => `${a.goalId}/${a.indicatorId}`} rows={draft.indicatorActuals} columns={[
          { key: 'indicator', header: t.indicatorCol, rowHeader: true, cell: (a) => {
            const row = rowOf(a.goalId, a.indicatorId);
            return row ? `${row.goal} – ${row.indicator.name}${row.indicator.unit ? ` (${row.indicator.unit})` : ''}` : t.unknownIndicator(a.indicatorId);
          } },
          { key: 'baseline', header: t.baselineCol, numeric: true, cell: (a) => number(rowOf(a.goalId, a.indicatorId)?.indicator.baseline) },
          { key: 'target', header: t.targetCol, numeric: true, cell: (a) => number(target.get(`${a.goalId}/${a.indicatorId}`)) },
          { key: 'actual', header: t.actualCol, numeric: true, cell: (a) => number(parseDecimal(a.actual)) },
        ]} />
      )}
    </div>
  );
}
