import type { FieldErrors } from '../../components/forms';
import { parseEuroToCents } from '../../lib/format';
import { parseDecimal, PARTS, type Draft, type Part } from './model';
import { texts } from './texts';

/*
 * The API's rules (src/reports/report-input.dto.ts: LIMITS and the validators), checked while the user types and
 * said in German at the field. Keys are the ids of the fields: "narrative", "milestones-0-title", …
 */
export const LIMITS = {
  narrative: 50_000,
  overallStatusReason: 2000,
  milestones: 200,
  indicators: 200,
  risks: 100,
  title: 300,
  indicatorName: 300,
  unit: 50,
  riskText: 2000,
  reviewComment: 5000,
  amountCents: 100_000_000_000,
} as const;

const e = texts.errors;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function tooLong(errors: FieldErrors, id: string, value: string, max: number) {
  if (value.length > max) errors[id] = e.tooLong(max, value.length);
}

function checkMilestones(draft: Draft, errors: FieldErrors) {
  if (draft.milestones.length > LIMITS.milestones) errors['milestones'] = e.tooMany(LIMITS.milestones);
  draft.milestones.forEach((m, i) => {
    const id = `milestones-${i}`;
    if (!m.title.trim()) errors[`${id}-title`] = e.required(texts.milestone.title);
    tooLong(errors, `${id}-title`, m.title, LIMITS.title);
    if (!m.plannedDate) errors[`${id}-plannedDate`] = e.required(texts.milestone.plannedDate);
    else if (!isCalendarDate(m.plannedDate)) errors[`${id}-plannedDate`] = e.date;
    if (m.actualDate && !isCalendarDate(m.actualDate)) errors[`${id}-actualDate`] = e.date;
  });
}

function checkNumber(errors: FieldErrors, id: string, value: string, required: boolean, label: string) {
  if (!value.trim()) {
    if (required) errors[id] = e.required(label);
  } else if (parseDecimal(value) === null) errors[id] = e.number;
}

function checkIndicators(draft: Draft, errors: FieldErrors) {
  if (draft.indicators.length > LIMITS.indicators) errors['indicators'] = e.tooMany(LIMITS.indicators);
  draft.indicators.forEach((ind, i) => {
    const id = `indicators-${i}`;
    if (!ind.name.trim()) errors[`${id}-name`] = e.required(texts.indicator.name);
    tooLong(errors, `${id}-name`, ind.name, LIMITS.indicatorName);
    tooLong(errors, `${id}-unit`, ind.unit, LIMITS.unit);
    checkNumber(errors, `${id}-baseline`, ind.baseline, false, texts.indicator.baseline);
    checkNumber(errors, `${id}-target`, ind.target, true, texts.indicator.target);
    checkNumber(errors, `${id}-actual`, ind.actual, false, texts.indicator.actual);
  });
}

function checkSpending(draft: Draft, errors: FieldErrors) {
  const seen = new Set<string>();
  draft.spending.forEach((line, i) => {
    const id = `spending-${i}`;
    if (seen.has(line.costCategory)) errors[`${id}-costCategory`] = e.duplicateCategory;
    seen.add(line.costCategory);
    const cents = parseEuroToCents(line.amount);
    if (!line.amount.trim()) errors[`${id}-amount`] = e.required(texts.spending.amount);
    else if (cents === null) errors[`${id}-amount`] = e.amount;
    else if (cents < 1) errors[`${id}-amount`] = e.amountPositive;
    else if (cents > LIMITS.amountCents) errors[`${id}-amount`] = e.amountTooLarge;
  });
}

function checkRisks(draft: Draft, errors: FieldErrors) {
  if (draft.risks.length > LIMITS.risks) errors['risks'] = e.tooMany(LIMITS.risks);
  draft.risks.forEach((risk, i) => {
    const id = `risks-${i}`;
    if (!risk.description.trim()) errors[`${id}-description`] = e.required(texts.risk.description);
    tooLong(errors, `${id}-description`, risk.description, LIMITS.riskText);
    tooLong(errors, `${id}-mitigation`, risk.mitigation, LIMITS.riskText);
  });
}

function checkCascadeParts(draft: Draft, errors: FieldErrors) {
  draft.measureProgress.forEach((m) => {
    const id = `measureProgress-${m.measureId}`;
    if (!m.status) errors[`${id}-status`] = e.measureStatusRequired;
    const cents = parseEuroToCents(m.spend);
    if (!m.spend.trim()) return;
    if (cents === null) errors[`${id}-spend`] = e.amount;
    else if (cents < 0) errors[`${id}-spend`] = e.amountNotNegative;
    else if (cents > LIMITS.amountCents) errors[`${id}-spend`] = e.amountTooLarge;
  });
  draft.indicatorActuals.forEach((a) => checkNumber(errors, `indicatorActuals-${a.goalId}_${a.indicatorId}-actual`, a.actual, false, texts.indicator.actual));
}

/** Everything the API would refuse in a PATCH. */
export function validateDraft(draft: Draft): FieldErrors {
  const errors: FieldErrors = {};
  tooLong(errors, 'narrative', draft.narrative, LIMITS.narrative);
  tooLong(errors, 'overallStatusReason', draft.overallStatusReason, LIMITS.overallStatusReason);
  checkMilestones(draft, errors);
  checkIndicators(draft, errors);
  checkSpending(draft, errors);
  checkRisks(draft, errors);
  checkCascadeParts(draft, errors);
  return errors;
}

/** What the API additionally needs to accept a submission (REPORT.INCOMPLETE). */
export function submissionErrors(draft: Draft): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.narrative.trim()) errors.narrative = e.narrativeRequired;
  if (!draft.overallStatus) errors.overallStatus = e.statusRequired;
  else if (draft.overallStatus !== 'on_track' && !draft.overallStatusReason.trim()) errors.overallStatusReason = e.reasonRequired;
  return errors;
}

export const partOf = (fieldId: string): Part => fieldId.split('-')[0] as Part;

/** The parts free of errors: only those are sent; the others wait in the browser until they are right. */
export function validParts(errors: FieldErrors): Part[] {
  const broken = new Set(Object.keys(errors).map(partOf));
  return PARTS.filter((part) => !broken.has(part));
}
