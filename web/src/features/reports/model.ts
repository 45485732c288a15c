import type { components } from '../../api/schema';
import { centsToDecimalCell, parseEuroToCents } from '../../lib/format';

/*
 * The report as the editor holds it: every value as the user typed it (strings), so nothing typed is ever rounded,
 * dropped or rejected before the user sees why. `toPatch` turns the valid parts into the API's body.
 */
export type Report = components['schemas']['ReportDto'];
export type ReportContent = components['schemas']['ReportContentDto'];
export type MilestoneStatus = Report['milestones'][number]['status'];
export type CostCategory = Report['spending'][number]['costCategory'];
export type RiskLevel = Report['risks'][number]['likelihood'];
export type OverallStatus = NonNullable<Report['overallStatus']>;
export type MeasureStatus = Report['measureProgress'][number]['status'];

export const MILESTONE_STATUSES: MilestoneStatus[] = ['planned', 'in_progress', 'done', 'delayed', 'cancelled'];
export const COST_CATEGORIES: CostCategory[] = ['personnel', 'material', 'services', 'investment', 'other'];
export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high'];
export const OVERALL_STATUSES: OverallStatus[] = ['on_track', 'at_risk', 'off_track'];
export const MEASURE_STATUSES: MeasureStatus[] = ['planned', 'running', 'done', 'stopped'];

export interface DraftMilestone { title: string; plannedDate: string; actualDate: string; status: MilestoneStatus }
export interface DraftIndicator { name: string; unit: string; baseline: string; target: string; actual: string }
export interface DraftSpending { costCategory: CostCategory; amount: string }
export interface DraftRisk { description: string; likelihood: RiskLevel; impact: RiskLevel; mitigation: string }
/** Progress of one measure of the project's strategy cascade; an entry exists only while something is filled in. */
export interface DraftMeasureProgress { measureId: string; status: MeasureStatus | ''; spend: string }
/** The actual value of one goal indicator of the cascade; an entry exists only while a value is filled in. */
export interface DraftIndicatorActual { goalId: string; indicatorId: string; actual: string }

export interface Draft {
  narrative: string;
  overallStatus: OverallStatus | '';
  overallStatusReason: string;
  milestones: DraftMilestone[];
  indicators: DraftIndicator[];
  spending: DraftSpending[];
  risks: DraftRisk[];
  measureProgress: DraftMeasureProgress[];
  indicatorActuals: DraftIndicatorActual[];
}

/** The parts of a report, in the order the editor shows them; a conflict is resolved per part. */
export const PARTS = [
  'narrative', 'overallStatus', 'overallStatusReason', 'milestones', 'indicators', 'spending', 'risks', 'measureProgress', 'indicatorActuals',
] as const;
/** The parts that follow the project's strategy cascade (shown with the cascade's titles and targets). */
export const CASCADE_PARTS: readonly Part[] = ['measureProgress', 'indicatorActuals'];
export type Part = (typeof PARTS)[number];

/** A German decimal as typed ("1.234,5", "-2", "0,75") → number, or null when it is not one. */
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

const decimalText = (value: number | null | undefined) => (value == null ? '' : String(value).replace('.', ','));

export function fromServer(content: ReportContent): Draft {
  return {
    narrative: content.narrative ?? '',
    overallStatus: content.overallStatus ?? '',
    overallStatusReason: content.overallStatusReason ?? '',
    milestones: content.milestones.map((m) => ({ title: m.title, plannedDate: m.plannedDate, actualDate: m.actualDate ?? '', status: m.status })),
    indicators: content.indicators.map((i) => ({
      name: i.name, unit: i.unit, baseline: decimalText(i.baseline), target: decimalText(i.target), actual: decimalText(i.actual),
    })),
    spending: content.spending.map((s) => ({ costCategory: s.costCategory, amount: centsToDecimalCell(s.amountCents) })),
    risks: content.risks.map((r) => ({ description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation ?? '' })),
    measureProgress: (content.measureProgress ?? []).map((m) => ({ measureId: m.measureId, status: m.status, spend: m.spendCents == null ? '' : centsToDecimalCell(m.spendCents) })),
    indicatorActuals: (content.indicatorActuals ?? []).map((a) => ({ goalId: a.goalId, indicatorId: a.indicatorId, actual: decimalText(a.actual) })),
  };
}

export type Patch = components['schemas']['UpdateReportInput'];

const text = (value: string) => (value.trim() === '' ? null : value);
const optional = (value: string) => (value.trim() === '' ? null : parseDecimal(value));

/** One part of the draft as the API wants it. Only called for parts without errors. */
export function partToApi(draft: Draft, part: Part): Patch[Part] {
  switch (part) {
    case 'narrative': return text(draft.narrative);
    case 'overallStatus': return draft.overallStatus || null;
    case 'overallStatusReason': return text(draft.overallStatusReason);
    case 'milestones':
      return draft.milestones.map((m) => ({ title: m.title, plannedDate: m.plannedDate, actualDate: m.actualDate || null, status: m.status }));
    case 'indicators':
      return draft.indicators.map((i) => ({ name: i.name, unit: i.unit, baseline: optional(i.baseline), target: parseDecimal(i.target)!, actual: optional(i.actual) }));
    case 'spending':
      return draft.spending.map((s) => ({ costCategory: s.costCategory, amountCents: parseEuroToCents(s.amount)! }));
    case 'risks':
      return draft.risks.map((r) => ({ description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: text(r.mitigation) }));
    case 'measureProgress':
      return draft.measureProgress.map((m) => ({ measureId: m.measureId, status: m.status as MeasureStatus, spendCents: m.spend.trim() ? parseEuroToCents(m.spend) : null }));
    case 'indicatorActuals':
      return draft.indicatorActuals.map((a) => ({ goalId: a.goalId, indicatorId: a.indicatorId, actual: optional(a.actual) }));
  }
}

/** Two drafts hold the same for this part (compared as the API would store it). */
export function samePart(a: Draft, b: Draft, part: Part): boolean {
  return JSON.stringify(a[part]) === JSON.stringify(b[part]);
}

export function emptyMilestone(): DraftMilestone { return { title: '', plannedDate: '', actualDate: '', status: 'planned' }; }
export function emptyIndicator(): DraftIndicator { return { name: '', unit: '', baseline: '', target: '', actual: '' }; }
export function emptyRisk(): DraftRisk { return { description: '', likelihood: 'medium', impact: 'medium', mitigation: '' }; }

/** A draft kept in the browser by an earlier version of the page may lack parts added since: they start empty. */
export function withAllParts(draft: Partial<Draft>, server: Draft): Draft {
  return { ...server, ...draft, measureProgress: draft.measureProgress ?? [], indicatorActuals: draft.indicatorActuals ?? [] };
}

/** Sets (or, when emptied, removes) the progress entry of one measure, keeping the entries in the cascade's order. */
export function setMeasureProgress(draft: Draft, order: string[], entry: DraftMeasureProgress): Draft {
  const others = draft.measureProgress.filter((m) => m.measureId !== entry.measureId);
  const list = entry.status === '' && entry.spend === '' ? others : [...others, entry];
  const rank = (id: string) => (order.indexOf(id) < 0 ? order.length : order.indexOf(id));
  return { ...draft, measureProgress: list.sort((a, b) => rank(a.measureId) - rank(b.measureId)) };
}

/** Sets (or, when emptied, removes) the actual value of one indicator, in the cascade's order. */
export function setIndicatorActual(draft: Draft, order: string[], entry: DraftIndicatorActual): Draft {
  const key = (a: DraftIndicatorActual) => `${a.goalId}/${a.indicatorId}`;
  const others = draft.indicatorActuals.filter((a) => key(a) !== key(entry));
  const list = entry.actual === '' ? others : [...others, entry];
  const rank = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  return { ...draft, indicatorActuals: list.sort((a, b) => rank(key(a)) - rank(key(b))) };
}

export const isEditableStatus = (status: Report['status']) => status === 'draft' || status === 'changes_requested';
