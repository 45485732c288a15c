import type { components } from '../../api/schema';
import type { FieldErrors } from '../../components/forms';
import { ApiRequestError } from '../../lib/api-client';
import { formatCents, parseEuroToCents } from '../../lib/format';
import { parseDecimal } from '../reports/model';
import { texts } from './texts';

/*
 * The editor's form: everything as the user typed it (strings, German decimals and amounts), turned into the API's
 * body (numbers, cents, null for empty) only when saving. Field ids are stable ("massnahme-1-bund"), so the API's
 * field paths ("measures.1.plannedFederalCents") map onto them.
 */
export type Strategy = components['schemas']['StrategyDto'];
export type Vocabularies = components['schemas']['VocabulariesDto'];
export type Body = components['schemas']['PutStrategyInput'];
export type MeasureStatus = Strategy['measures'][number]['status'];
export type MilestoneStatus = components['schemas']['MilestoneInput']['status'];
export const MEASURE_STATUSES: MeasureStatus[] = ['planned', 'running', 'done', 'stopped'];

export interface FormIndicator { id: string; name: string; unit: string; baseline: string; target: string; targetDate: string }
export interface FormGoal { id: string; title: string; indicators: FormIndicator[] }
export interface FormMilestone { title: string; plannedDate: string; actualDate: string; status: MilestoneStatus }
export interface FormMeasure {
  id: string; title: string; description: string; fieldsOfAction: string[]; qualities: string[]; guidelines: string[];
  goalIds: string[]; cost: string; federal: string; startsOn: string; endsOn: string; status: MeasureStatus; milestones: FormMilestone[];
}
export interface Form {
  /** The version the form was read at: what If-Match carries. */
  version: number;
  vision: string; mission: string; valueCodes: string[]; ownValues: string;
  goals: FormGoal[]; approach: string; resolutionDate: string; documentRef: string; measures: FormMeasure[];
}

const text = (value: string | null | undefined) => value ?? '';
const decimalText = (value: number | null | undefined) => (value == null ? '' : String(value).replace('.', ','));
const amountText = (cents: number | null | undefined) => (cents == null ? '' : formatCents(cents).replace(/\s*€$/, ''));

export function toForm(s: Strategy): Form {
  return {
    version: s.version,
    vision: text(s.vision), mission: text(s.mission), valueCodes: s.values.codes, ownValues: s.values.own.join('\n'),
    goals: s.goals.map((g) => ({
      id: g.id, title: g.title,
      indicators: g.indicators.map((i) => ({ id: i.id, name: i.name, unit: i.unit, baseline: decimalText(i.baseline), target: decimalText(i.target), targetDate: text(i.targetDate) })),
    })),
    approach: text(s.strategy.approach), resolutionDate: text(s.strategy.resolutionDate), documentRef: text(s.strategy.documentRef),
    measures: s.measures.map((m) => ({
      id: m.id, title: m.title, description: text(m.description), fieldsOfAction: m.fieldsOfAction, qualities: m.qualities,
      guidelines: m.guidelines, goalIds: m.goalIds, cost: amountText(m.plannedCostCents), federal: amountText(m.plannedFederalCents),
      startsOn: text(m.startsOn), endsOn: text(m.endsOn), status: m.status,
      milestones: m.milestones.map((ms) => ({ title: ms.title, plannedDate: ms.plannedDate, actualDate: text(ms.actualDate), status: ms.status })),
    })),
  };
}

/** A new id that none of `taken` has: g1, g2, … (the municipality's own keys, stable across edits). */
export function nextId(prefix: string, taken: string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}
export const emptyGoal = (goals: FormGoal[]): FormGoal => ({ id: nextId('g', goals.map((g) => g.id)), title: '', indicators: [] });
export const emptyIndicator = (list: FormIndicator[]): FormIndicator => ({ id: nextId('i', list.map((i) => i.id)), name: '', unit: '', baseline: '', target: '', targetDate: '' });
export const emptyMeasure = (measures: FormMeasure[]): FormMeasure => ({
  id: nextId('m', measures.map((m) => m.id)), title: '', description: '', fieldsOfAction: [], qualities: [], guidelines: [], goalIds: [],
  cost: '', federal: '', startsOn: '', endsOn: '', status: 'planned', milestones: [],
});
export const emptyMilestone = (): FormMilestone => ({ title: '', plannedDate: '', actualDate: '', status: 'planned' });

const orNull = (value: string) => (value.trim() ? value.trim() : null);
const numberOrNull = (value: string) => (value.trim() ? parseDecimal(value) : null);
const centsOrNull = (value: string) => (value.trim() ? parseEuroToCents(value) : null);

/** What the browser can say before the API: blanks that need text, numbers and amounts that are not numbers, dates in order. */
export function checkForm(form: Form): FieldErrors {
  const errors: FieldErrors = {};
  form.goals.forEach((g, gi) => {
    if (!g.title.trim()) errors[`ziel-${gi}-titel`] = texts.errors.goalTitle;
    g.indicators.forEach((ind, ii) => {
      const at = `ziel-${gi}-indikator-${ii}`;
      if (!ind.name.trim()) errors[`${at}-name`] = texts.errors.indicatorName;
      if (ind.baseline.trim() && parseDecimal(ind.baseline) === null) errors[`${at}-ausgangswert`] = texts.errors.number;
      if (ind.target.trim() && parseDecimal(ind.target) === null) errors[`${at}-zielwert`] = texts.errors.number;
    });
  });
  form.measures.forEach((m, mi) => {
    const at = `massnahme-${mi}`;
    if (!m.title.trim()) errors[`${at}-titel`] = texts.errors.measureTitle;
    const cost = m.cost.trim() ? parseEuroToCents(m.cost) : null;
    const federal = m.federal.trim() ? parseEuroToCents(m.federal) : null;
    if (m.cost.trim() && cost === null) errors[`${at}-kosten`] = texts.errors.amount;
    if (m.federal.trim() && federal === null) errors[`${at}-bund`] = texts.errors.amount;
    else if (cost !== null && federal !== null && federal > cost) errors[`${at}-bund`] = texts.errors.federalAboveCost;
    if (m.startsOn && m.endsOn && m.endsOn < m.startsOn) errors[`${at}-ende`] = texts.errors.endBeforeStart;
    m.milestones.forEach((ms, si) => {
      if (!ms.title.trim()) errors[`${at}-meilenstein-${si}-titel`] = texts.errors.milestoneTitle;
      if (!ms.plannedDate) errors[`${at}-meilenstein-${si}-datum`] = texts.errors.milestoneDate;
    });
  });
  return errors;
}

/** The PUT body: the whole cascade. Call after checkForm found nothing. */
export function toBody(form: Form): Body {
  const goalIds = new Set(form.goals.map((g) => g.id));
  return {
    vision: orNull(form.vision), mission: orNull(form.mission),
    values: { codes: form.valueCodes, own: form.ownValues.split('\n').map((v) => v.trim()).filter(Boolean) },
    goals: form.goals.map((g) => ({
      id: g.id, title: g.title.trim(),
      indicators: g.indicators.map((i) => ({
        id: i.id, name: i.name.trim(), unit: i.unit.trim(), baseline: numberOrNull(i.baseline), target: numberOrNull(i.target), targetDate: orNull(i.targetDate),
      })),
    })),
    strategy: { approach: orNull(form.approach), resolutionDate: orNull(form.resolutionDate), documentRef: orNull(form.documentRef) },
    measures: form.measures.map((m) => ({
      id: m.id, title: m.title.trim(), description: orNull(m.description), fieldsOfAction: m.fieldsOfAction, qualities: m.qualities,
      guidelines: m.guidelines, goalIds: m.goalIds.filter((id) => goalIds.has(id)), plannedCostCents: centsOrNull(m.cost),
      plannedFederalCents: centsOrNull(m.federal), startsOn: orNull(m.startsOn), endsOn: orNull(m.endsOn), status: m.status,
      milestones: m.milestones.map((ms) => ({ title: ms.title.trim(), plannedDate: ms.plannedDate, actualDate: orNull(ms.actualDate), status: ms.status })),
    })),
  };
}

const API_FIELDS: Record<string, string> = {
  title: 'titel', plannedCostCents: 'kosten', plannedFederalCents: 'bund', startsOn: 'beginn', endsOn: 'ende', status: 'status',
  description: 'beschreibung', fieldsOfAction: 'handlungsfelder', qualities: 'qualitaeten', guidelines: 'leitlinien', goalIds: 'ziele',
  name: 'name', unit: 'einheit', baseline: 'ausgangswert', target: 'zielwert', targetDate: 'zieldatum',
};

/** An API field path ("measures.1.plannedFederalCents", "goals.0.indicators.2.target", "vision") → the form's field id. */
export function fieldIdOf(path: string, form: Form): string {
  const parts = path.split('.');
  if (parts[0] === 'vision' || parts[0] === 'mission') return parts[0];
  if (parts[0] === 'values') return 'werte';
  if (parts[0] === 'strategy') return ({ approach: 'ansatz', resolutionDate: 'beschluss', documentRef: 'dokument' } as Record<string, string>)[parts[1]] ?? 'ansatz';
  if (parts[0] === 'goals' && parts[1] === undefined) return form.goals.length ? 'ziel-0-titel' : 'ziel-hinzufuegen';
  if (parts[0] === 'measures' && parts[1] === undefined) {
    // The money rule is about all measures together: shown at the first federal share that was entered.
    const first = form.measures.findIndex((m) => m.federal.trim());
    return form.measures.length ? `massnahme-${Math.max(first, 0)}-bund` : 'massnahme-hinzufuegen';
  }
  if (parts[0] === 'goals' && parts[2] === 'indicators' && parts[3] !== undefined) return `ziel-${parts[1]}-indikator-${parts[3]}-${API_FIELDS[parts[4]] ?? 'name'}`;
  if (parts[0] === 'goals') return `ziel-${parts[1]}-titel`;
  if (parts[0] === 'measures' && parts[2] === 'milestones') return `massnahme-${parts[1]}-meilenstein-${parts[3] ?? 0}-titel`;
  if (parts[0] === 'measures') return `massnahme-${parts[1]}-${API_FIELDS[parts[2]] ?? 'titel'}`;
  return 'form';
}

type Detail = { field?: string; message?: string; grantCents?: number };

/** The API's refusal in German at its fields: 422 OVER_GRANT and INCOMPLETE, 400 field errors, 409 a conflict (form level). */
export function apiErrors(error: unknown, form: Form): FieldErrors {
  if (!(error instanceof ApiRequestError) || !error.body) return { form: texts.errors.failed };
  const { code } = error.body;
  if (error.status === 409) return { form: texts.errors.conflict };
  if (code === 'STRATEGY.NOT_EDITABLE') return { form: texts.errors.notEditable };
  const errors: FieldErrors = {};
  for (const detail of (error.body.details ?? []) as Detail[]) {
    if (!detail.field) continue;
    const id = fieldIdOf(detail.field, form);
    if (errors[id]) continue;
    if (code === 'STRATEGY.OVER_GRANT') errors[id] = texts.errors.overGrant(toBody(form).measures?.reduce((s, m) => s + (m.plannedFederalCents ?? 0), 0) ?? 0, detail.grantCents ?? null);
    else if (code === 'STRATEGY.INCOMPLETE') errors[id] = texts.errors.incomplete[detail.field] ?? texts.errors.invalid;
    else errors[id] = texts.errors.invalid;
  }
  if (!Object.keys(errors).length) errors.form = texts.errors.failed;
  return errors;
}
