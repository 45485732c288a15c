import type { FieldErrors } from '../../components/forms';
import { ApiRequestError } from '../../lib/api-client';
import { texts } from './texts';

/*
 * The API's refusals in German, at the field they concern. `fields` maps the API's field names (amountCents, date,
 * budgetYear, phase, note) to this form's field ids; anything without a field goes to the summary under "form".
 */
type Detail = { field?: string; message?: string; [key: string]: unknown };
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

function ruleMessage(code: string, detail: Detail): string | null {
  switch (code) {
    case 'FUNDING.OVER_DISBURSED': return texts.errors.overDisbursed(num(detail.availableCents));
    case 'FUNDING.OVER_GRANT': return texts.errors.overGrant(num(detail.availableCents));
    case 'FUNDING.OVER_BUDGET': return texts.errors.overBudget(num(detail.availableCents));
    case 'FUNDING.BEFORE_COMMITMENT': return texts.errors.beforeCommitment(str(detail.firstCommitmentDate));
    case 'FUNDING.DATE_OUTSIDE_PROGRAMME': return texts.errors.outsideProgramme(str(detail.startsOn), str(detail.endsOn));
    case 'FUNDING.PROJECT_WITHDRAWN': return texts.errors.withdrawn;
    case 'FUNDING.REVERSAL_EXCEEDS_ORIGINAL': return texts.errors.reversalExceeds(num(detail.availableCents));
    case 'FUNDING.REVERSAL_BEFORE_ORIGINAL': return texts.errors.reversalBeforeOriginal(str(detail.originalDate));
    case 'FUNDING.REVERSAL_OF_REVERSAL': return texts.errors.reversalOfReversal;
    case 'FUNDING.REPAYMENT_EXCEEDS_DISBURSED': return texts.errors.repaymentExceeds(num(detail.availableCents));
    default: return null;
  }
}

function validationMessage(apiField: string, message: string, label: string): string {
  if (apiField === 'budgetYear' && /after the year/.test(message)) return texts.errors.budgetYearAfterDate;
  if (apiField === 'budgetYear') return texts.errors.budgetYearOutside;
  if (apiField === 'amountCents' && /less than|positive|min/i.test(message)) return texts.errors.amountPositive;
  if (apiField === 'amountCents' && /greater than|max/i.test(message)) return texts.errors.amountTooLarge;
  if (apiField === 'date') return texts.errors.dateInvalid;
  if (apiField === 'reason') return texts.errors.reasonMissing;
  return texts.errors.fieldInvalid(label);
}

export type RuleMessages = (code: string, detail: Detail) => string | null;

/** `rules` adds a feature's own codes (project status, obligations) to the ledger's. */
export function apiFieldErrors(error: unknown, fields: Record<string, { id: string; label: string }>, rules?: RuleMessages): FieldErrors {
  const message = (code: string, detail: Detail) => rules?.(code, detail) ?? ruleMessage(code, detail);
  if (!(error instanceof ApiRequestError) || !error.body) return { form: texts.errors.failed };
  if (error.status === 403) return { form: texts.errors.forbidden };
  const errors: FieldErrors = {};
  const details = (error.body.details ?? []) as Detail[];
  for (const detail of details) {
    const target = detail.field ? fields[detail.field] : undefined;
    const text = message(error.body.code, detail)
      ?? (target ? validationMessage(detail.field!, detail.message ?? '', target.label) : null);
    if (text && !errors[target?.id ?? 'form']) errors[target?.id ?? 'form'] = text;
  }
  if (!Object.keys(errors).length) errors.form = message(error.body.code, {}) ?? texts.errors.failed;
  return errors;
}
