import { Button, SelectField, TextAreaField, TextField, type FieldErrors } from '../../components/forms';
import {
  emptyIndicator, emptyMilestone, MEASURE_STATUSES, type FormGoal, type FormIndicator, type FormMeasure, type FormMilestone, type Vocabularies,
} from './model';
import { texts } from './texts';

/* The editor's repeating parts: goals with indicators, measures with their vocabularies and milestones. */
const t = texts.editor;
type Term = { code: string; label: string };

/** Checkboxes in a fieldset; the group's id is focusable so the error summary can lead to it. */
export function CheckboxGroup({ id, legend, terms, selected, onChange, error }: {
  id: string; legend: string; terms: Term[]; selected: string[]; onChange: (codes: string[]) => void; error?: string;
}) {
  const toggle = (code: string) => onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);
  return (
    <fieldset className={`kern-fieldset${error ? ' kern-form-input--error' : ''}`} id={id} tabIndex={-1} aria-describedby={error ? `${id}-fehler` : undefined}>
      <legend className="kern-label">{legend}</legend>
      {error && <p className="kern-error" id={`${id}-fehler`} role="alert"><span className="kern-sr-only">Fehler: </span>{error}</p>}
      <div className="kern-fieldset__body">
        {terms.map((term) => (
          <div className="kern-form-check" key={term.code}>
            <input id={`${id}-${term.code}`} className="kern-form-check__checkbox" type="checkbox" checked={selected.includes(term.code)} onChange={() => toggle(term.code)} />
            <label className="kern-label" htmlFor={`${id}-${term.code}`}>{term.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** Moves focus to a field just added (after React has drawn it), so keyboard users continue where the new part is. */
export const focusSoon = (id: string) => window.setTimeout(() => document.getElementById(id)?.focus(), 0);

const replace = <T,>(list: T[], index: number, item: T) => list.map((x, i) => (i === index ? item : x));
const without = <T,>(list: T[], index: number) => list.filter((_, i) => i !== index);

function IndicatorFields({ at, ind, n, goal, errors, onChange, onRemove }: {
  at: string; ind: FormIndicator; n: number; goal: number; errors: FieldErrors; onChange: (next: FormIndicator) => void; onRemove: () => void;
}) {
  const field = (key: keyof FormIndicator, id: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextField id={`${at}-${id}`} label={label} value={ind[key]} error={errors[`${at}-${id}`]} onChange={(e) => onChange({ ...ind, [key]: e.target.value })} {...extra} />
  );
  return (
    <fieldset className="report-entry">
      <legend>{t.indicator(n)}</legend>
      <div className="report-entry__fields">
        {field('name', 'name', t.indicatorName, { maxLength: 300 })}
        {field('unit', 'einheit', t.unit, { maxLength: 50 })}
        {field('baseline', 'ausgangswert', t.baseline, { inputMode: 'decimal', hint: t.numberHint })}
        {field('target', 'zielwert', t.target, { inputMode: 'decimal', hint: t.numberHint })}
        {field('targetDate', 'zieldatum', t.targetDate, { type: 'date' })}
      </div>
      <Button variant="tertiary" onClick={onRemove}>{t.removeIndicator(goal, n)}</Button>
    </fieldset>
  );
}

export function GoalFields({ goal, index, errors, onChange, onRemove }: {
  goal: FormGoal; index: number; errors: FieldErrors; onChange: (next: FormGoal) => void; onRemove: () => void;
}) {
  const at = `ziel-${index}`;
  return (
    <fieldset className="report-entry">
      <legend>{t.goal(index + 1)}</legend>
      <TextField id={`${at}-titel`} label={t.goalTitle} value={goal.title} maxLength={300} error={errors[`${at}-titel`]} onChange={(e) => onChange({ ...goal, title: e.target.value })} />
      {goal.indicators.map((ind, i) => (
        <IndicatorFields key={ind.id} at={`${at}-indikator-${i}`} ind={ind} n={i + 1} goal={index + 1} errors={errors}
          onChange={(next) => onChange({ ...goal, indicators: replace(goal.indicators, i, next) })}
          onRemove={() => onChange({ ...goal, indicators: without(goal.indicators, i) })} />
      ))}
      <div className="actions">
        <Button variant="secondary" onClick={() => { onChange({ ...goal, indicators: [...goal.indicators, emptyIndicator(goal.indicators)] }); focusSoon(`${at}-indikator-${goal.indicators.length}-name`); }}>{t.addIndicator(index + 1)}</Button>
        <Button variant="tertiary" onClick={onRemove}>{t.removeGoal(index + 1)}</Button>
      </div>
    </fieldset>
  );
}

function MilestoneFields({ at, ms, n, measure, errors, onChange, onRemove }: {
  at: string; ms: FormMilestone; n: number; measure: number; errors: FieldErrors; onChange: (next: FormMilestone) => void; onRemove: () => void;
}) {
  return (
    <fieldset className="report-entry">
      <legend>{t.milestone(n)}</legend>
      <div className="report-entry__fields">
        <TextField id={`${at}-titel`} label={t.milestoneTitle} value={ms.title} maxLength={300} error={errors[`${at}-titel`]} onChange={(e) => onChange({ ...ms, title: e.target.value })} />
        <TextField id={`${at}-datum`} label={t.plannedDate} type="date" value={ms.plannedDate} error={errors[`${at}-datum`]} onChange={(e) => onChange({ ...ms, plannedDate: e.target.value })} />
        <TextField id={`${at}-erreicht`} label={t.actualDate} type="date" value={ms.actualDate} onChange={(e) => onChange({ ...ms, actualDate: e.target.value })} />
        <SelectField id={`${at}-stand`} label={t.status} value={ms.status} onChange={(e) => onChange({ ...ms, status: e.target.value as FormMilestone['status'] })}
          options={Object.entries(texts.milestoneStatus).map(([value, label]) => ({ value, label }))} />
      </div>
      <Button variant="tertiary" onClick={onRemove}>{t.removeMilestone(measure, n)}</Button>
    </fieldset>
  );
}

export function MeasureFields({ measure: m, index, goals, vocabularies: v, errors, onChange, onRemove }: {
  measure: FormMeasure; index: number; goals: FormGoal[]; vocabularies: Vocabularies; errors: FieldErrors;
  onChange: (next: FormMeasure) => void; onRemove: () => void;
}) {
  const at = `massnahme-${index}`;
  const set = (key: keyof FormMeasure) => (e: { target: { value: string } }) => onChange({ ...m, [key]: e.target.value });
  const group = (key: 'fieldsOfAction' | 'qualities' | 'guidelines' | 'goalIds', id: string, legend: string, terms: Term[]) => (
    <CheckboxGroup id={`${at}-${id}`} legend={legend} terms={terms} selected={m[key]} error={errors[`${at}-${id}`]} onChange={(codes) => onChange({ ...m, [key]: codes })} />
  );
  return (
    <fieldset className="report-entry">
      <legend>{t.measure(index + 1)}</legend>
      <TextField id={`${at}-titel`} label={t.measureTitle} value={m.title} maxLength={300} error={errors[`${at}-titel`]} onChange={set('title')} />
      <TextAreaField id={`${at}-beschreibung`} label={t.description} value={m.description} rows={3} error={errors[`${at}-beschreibung`]} onChange={set('description')} />
      {group('fieldsOfAction', 'handlungsfelder', t.fields, v.fieldsOfAction)}
      {group('qualities', 'qualitaeten', t.qualities, v.qualities)}
      {group('guidelines', 'leitlinien', t.guidelines, v.guidelines)}
      {goals.length ? group('goalIds', 'ziele', t.goals, goals.map((g) => ({ code: g.id, label: g.title || g.id }))) : <p className="kern-body">{t.noGoals}</p>}
      <div className="report-entry__fields">
        <TextField id={`${at}-kosten`} label={t.cost} hint={t.amountHint} inputMode="decimal" autoComplete="off" value={m.cost} error={errors[`${at}-kosten`]} onChange={set('cost')} />
        <TextField id={`${at}-bund`} label={t.federal} hint={t.amountHint} inputMode="decimal" autoComplete="off" value={m.federal} error={errors[`${at}-bund`]} onChange={set('federal')} />
        <TextField id={`${at}-beginn`} label={t.startsOn} type="date" value={m.startsOn} error={errors[`${at}-beginn`]} onChange={set('startsOn')} />
        <TextField id={`${at}-ende`} label={t.endsOn} type="date" value={m.endsOn} error={errors[`${at}-ende`]} onChange={set('endsOn')} />
        <SelectField id={`${at}-status`} label={t.status} value={m.status} error={errors[`${at}-status`]} onChange={set('status')}
          options={MEASURE_STATUSES.map((value) => ({ value, label: texts.measureStatus[value] }))} />
      </div>
      {m.milestones.map((ms, i) => (
        <MilestoneFields key={i} at={`${at}-meilenstein-${i}`} ms={ms} n={i + 1} measure={index + 1} errors={errors}
          onChange={(next) => onChange({ ...m, milestones: replace(m.milestones, i, next) })}
          onRemove={() => onChange({ ...m, milestones: without(m.milestones, i) })} />
      ))}
      <div className="actions">
        <Button variant="secondary" onClick={() => { onChange({ ...m, milestones: [...m.milestones, emptyMilestone()] }); focusSoon(`${at}-meilenstein-${m.milestones.length}-titel`); }}>{t.addMilestone(index + 1)}</Button>
        <Button variant="tertiary" onClick={onRemove}>{t.removeMeasure(index + 1)}</Button>
      </div>
    </fieldset>
  );
}

export { replace, without };
