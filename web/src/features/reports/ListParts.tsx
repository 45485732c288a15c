import { SelectField, TextField, type FieldErrors } from '../../components/forms';
import { formatCents, parseEuroToCents } from '../../lib/format';
import { ListSection } from './ListSection';
import {
  COST_CATEGORIES, emptyIndicator, emptyMilestone, emptyRisk, MILESTONE_STATUSES, RISK_LEVELS,
  type Draft, type DraftIndicator, type DraftMilestone, type DraftRisk, type DraftSpending,
} from './model';
import { texts } from './texts';
import { LIMITS } from './validation';

/* The four list parts of a report. Field ids are "<part>-<index>-<field>", the keys of the validation errors. */
interface PartProps { draft: Draft; errors: FieldErrors; onChange: (draft: Draft) => void }
const options = (values: string[], labels: Record<string, string>) => values.map((value) => ({ value, label: labels[value] }));

export function MilestonesPart({ draft, errors, onChange }: PartProps) {
  const t = texts.milestone;
  return (
    <ListSection<DraftMilestone>
      id="milestones" heading={t.heading} items={draft.milestones} itemLabel={t.item} addLabel={t.add} removeLabel={t.remove}
      error={errors.milestones} create={emptyMilestone} canAdd={draft.milestones.length < LIMITS.milestones}
      onChange={(milestones) => onChange({ ...draft, milestones })}
      render={(m, i, update) => (
        <>
          <TextField id={`milestones-${i}-title`} label={t.title} error={errors[`milestones-${i}-title`]} value={m.title} onChange={(e) => update({ ...m, title: e.target.value })} />
          <TextField id={`milestones-${i}-plannedDate`} type="date" label={t.plannedDate} error={errors[`milestones-${i}-plannedDate`]} value={m.plannedDate} onChange={(e) => update({ ...m, plannedDate: e.target.value })} />
          <TextField id={`milestones-${i}-actualDate`} type="date" label={t.actualDate} error={errors[`milestones-${i}-actualDate`]} value={m.actualDate} onChange={(e) => update({ ...m, actualDate: e.target.value })} />
          <SelectField id={`milestones-${i}-status`} label={t.status} options={options(MILESTONE_STATUSES, texts.milestoneStatusLabels)} value={m.status} onChange={(e) => update({ ...m, status: e.target.value as DraftMilestone['status'] })} />
        </>
      )}
    />
  );
}

export function IndicatorsPart({ draft, errors, onChange }: PartProps) {
  const t = texts.indicator;
  const field = (i: number, key: keyof DraftIndicator, label: string, ind: DraftIndicator, update: (v: DraftIndicator) => void) => (
    <TextField id={`indicators-${i}-${key}`} label={label} inputMode={key === 'name' || key === 'unit' ? undefined : 'decimal'} error={errors[`indicators-${i}-${key}`]} value={ind[key]} onChange={(e) => update({ ...ind, [key]: e.target.value })} />
  );
  return (
    <ListSection<DraftIndicator>
      id="indicators" heading={t.heading} hint={t.hint} items={draft.indicators} itemLabel={t.item} addLabel={t.add} removeLabel={t.remove}
      error={errors.indicators} create={emptyIndicator} canAdd={draft.indicators.length < LIMITS.indicators}
      onChange={(indicators) => onChange({ ...draft, indicators })}
      render={(ind, i, update) => (
        <>
          {field(i, 'name', t.name, ind, update)}
          {field(i, 'unit', t.unit, ind, update)}
          {field(i, 'baseline', t.baseline, ind, update)}
          {field(i, 'target', t.target, ind, update)}
          {field(i, 'actual', t.actual, ind, update)}
        </>
      )}
    />
  );
}

export function SpendingPart({ draft, errors, onChange }: PartProps) {
  const t = texts.spending;
  const total = draft.spending.reduce<number | null>((sum, s) => {
    const cents = parseEuroToCents(s.amount);
    return sum === null || cents === null ? null : sum + cents;
  }, 0);
  const unused = COST_CATEGORIES.find((c) => !draft.spending.some((s) => s.costCategory === c)) ?? 'other';
  return (
    <>
      <ListSection<DraftSpending>
        id="spending" heading={t.heading} items={draft.spending} itemLabel={t.item} addLabel={t.add} removeLabel={t.remove}
        create={() => ({ costCategory: unused, amount: '' })} canAdd={draft.spending.length < COST_CATEGORIES.length}
        onChange={(spending) => onChange({ ...draft, spending })}
        render={(s, i, update) => (
          <>
            <SelectField id={`spending-${i}-costCategory`} label={t.category} error={errors[`spending-${i}-costCategory`]} options={options(COST_CATEGORIES, texts.costLabels)} value={s.costCategory} onChange={(e) => update({ ...s, costCategory: e.target.value as DraftSpending['costCategory'] })} />
            <TextField id={`spending-${i}-amount`} label={t.amount} inputMode="decimal" error={errors[`spending-${i}-amount`]} value={s.amount} onChange={(e) => update({ ...s, amount: e.target.value })} />
          </>
        )}
      />
      <p className="kern-body" aria-live="polite">{t.total}: <strong>{formatCents(total)}</strong></p>
    </>
  );
}

export function RisksPart({ draft, errors, onChange }: PartProps) {
  const t = texts.risk;
  return (
    <ListSection<DraftRisk>
      id="risks" heading={t.heading} items={draft.risks} itemLabel={t.item} addLabel={t.add} removeLabel={t.remove}
      error={errors.risks} create={emptyRisk} canAdd={draft.risks.length < LIMITS.risks}
      onChange={(risks) => onChange({ ...draft, risks })}
      render={(r, i, update) => (
        <>
          <TextField id={`risks-${i}-description`} label={t.description} error={errors[`risks-${i}-description`]} value={r.description} onChange={(e) => update({ ...r, description: e.target.value })} />
          <SelectField id={`risks-${i}-likelihood`} label={t.likelihood} options={options(RISK_LEVELS, texts.levelLabels)} value={r.likelihood} onChange={(e) => update({ ...r, likelihood: e.target.value as DraftRisk['likelihood'] })} />
          <SelectField id={`risks-${i}-impact`} label={t.impact} options={options(RISK_LEVELS, texts.levelLabels)} value={r.impact} onChange={(e) => update({ ...r, impact: e.target.value as DraftRisk['impact'] })} />
          <TextField id={`risks-${i}-mitigation`} label={t.mitigation} error={errors[`risks-${i}-mitigation`]} value={r.mitigation} onChange={(e) => update({ ...r, mitigation: e.target.value })} />
        </>
      )}
    />
  );
}
