import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDraft } from '../../lib/draft';
import { Button, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatCents, parseEuroToCents } from '../../lib/format';
import { apiFieldErrors } from './funding-errors';
import { texts } from './texts';

/*
 * The forms of the ledger: commitment, disbursement, repayment and the reversal (Storno) of one entry. Checked here
 * first (amount, date, budget year, reason), then by the API; every refusal is shown at its field and in the summary
 * above the form, and what the user typed stays until it is saved.
 */
export type Kind = 'zusage' | 'abruf' | 'rueckzahlung' | 'storno';
/** The entry a reversal corrects, and what of it is still open (its net amount). */
export interface Target { type: 'commitment' | 'disbursement'; id: number; date: string; openCents: number }
interface Values { amount: string; date: string; phase: string; budgetYear: string; note: string; reason: string }
const EMPTY: Values = { amount: '', date: '', phase: 'B', budgetYear: '', note: '', reason: '' };

const needsBudgetYear = (kind: Kind) => kind === 'abruf' || kind === 'rueckzahlung';
const needsReason = (kind: Kind) => kind === 'rueckzahlung' || kind === 'storno';

function checkLocally(kind: Kind, prefix: string, v: Values): FieldErrors {
  const errors: FieldErrors = {};
  const cents = parseEuroToCents(v.amount);
  if (!v.amount.trim()) errors[`${prefix}-betrag`] = texts.errors.amountMissing;
  else if (cents === null) errors[`${prefix}-betrag`] = texts.errors.amountFormat;
  else if (cents <= 0) errors[`${prefix}-betrag`] = texts.errors.amountPositive;
  else if (cents > 82_000_000_000) errors[`${prefix}-betrag`] = texts.errors.amountTooLarge;
  if (!v.date) errors[`${prefix}-datum`] = texts.errors.dateMissing;
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors[`${prefix}-datum`] = texts.errors.dateInvalid;
  if (needsBudgetYear(kind) && !v.budgetYear.trim()) errors[`${prefix}-haushaltsjahr`] = texts.errors.budgetYearMissing;
  else if (v.budgetYear.trim() && !/^\d{4}$/.test(v.budgetYear.trim())) errors[`${prefix}-haushaltsjahr`] = texts.errors.budgetYearInvalid;
  if (needsReason(kind) && !v.reason.trim()) errors[`${prefix}-begruendung`] = texts.errors.reasonMissing;
  return errors;
}

function fieldMap(kind: Kind, prefix: string) {
  return {
    amountCents: { id: `${prefix}-betrag`, label: texts.amount },
    date: { id: `${prefix}-datum`, label: texts.date },
    ...(kind === 'zusage' ? { phase: { id: `${prefix}-phase`, label: texts.phase } } : {}),
    ...(kind !== 'storno' ? { budgetYear: { id: `${prefix}-haushaltsjahr`, label: texts.budgetYear } } : {}),
    ...(needsReason(kind) ? { reason: { id: `${prefix}-begruendung`, label: texts.reason } } : { note: { id: `${prefix}-notiz`, label: texts.note } }),
  };
}

async function save(kind: Kind, projectId: number, v: Values, target?: Target): Promise<number> {
  const amountCents = parseEuroToCents(v.amount)!;
  const note = v.note.trim() || undefined;
  const reason = v.reason.trim();
  const path = { params: { path: { id: projectId } } };
  if (kind === 'zusage') {
    const budgetYear = v.budgetYear.trim() ? Number(v.budgetYear) : undefined;
    unwrap(await api.POST('/api/v1/projects/{id}/commitments', { ...path, body: { amountCents, date: v.date, phase: v.phase as 'A' | 'B', budgetYear, note } }));
  } else if (kind === 'abruf') {
    unwrap(await api.POST('/api/v1/projects/{id}/disbursements', { ...path, body: { amountCents, date: v.date, budgetYear: Number(v.budgetYear), note } }));
  } else if (kind === 'rueckzahlung') {
    unwrap(await api.POST('/api/v1/projects/{id}/repayments', { ...path, body: { amountCents, date: v.date, budgetYear: Number(v.budgetYear), reason } }));
  } else {
    const route = target!.type === 'commitment' ? '/api/v1/commitments/{id}/reversals' : '/api/v1/disbursements/{id}/reversals';
    unwrap(await api.POST(route, { params: { path: { id: target!.id } }, body: { amountCents, date: v.date, reason } }));
  }
  return amountCents;
}

const TITLES: Record<Kind, string> = { zusage: texts.commitForm, abruf: texts.disburseForm, rueckzahlung: texts.repayForm, storno: texts.reverse };
const SUBMITS: Record<Kind, string> = { zusage: texts.saveCommitment, abruf: texts.saveDisbursement, rueckzahlung: texts.saveRepayment, storno: texts.saveReversal };
const SAVED: Record<Kind, (cents: number) => string> = {
  zusage: texts.savedCommitment, abruf: texts.savedDisbursement, rueckzahlung: texts.savedRepayment, storno: texts.savedReversal,
};
const DATE_HINTS: Record<Kind, string> = { zusage: texts.commitDateHint, abruf: texts.disburseDateHint, rueckzahlung: texts.repayDateHint, storno: texts.reverseDateHint };
const YEAR_HINTS: Record<Kind, string> = { zusage: texts.commitBudgetYearHint, abruf: texts.disburseBudgetYearHint, rueckzahlung: texts.repayBudgetYearHint, storno: '' };

function formPrefix(kind: Kind, target?: Target): string {
  return target ? `storno-${target.type === 'commitment' ? 'zusage' : 'abruf'}-${target.id}` : kind;
}

export function EntryForm({ kind, projectId, target }: { kind: Kind; projectId: number; target?: Target }) {
  const client = useQueryClient();
  const prefix = formPrefix(kind, target);
  // A reversal starts with the open amount (German notation), the rest empty.
  const start = target ? { ...EMPTY, amount: formatCents(target.openCents).replace(/\s*€$/, '') } : EMPTY;
  // A reversal's draft belongs to the open amount it was started from.
  const draftKey = target ? `finanzen:${projectId}:${prefix}:${target.openCents}` : `finanzen:${projectId}:${prefix}`;
  const [values, setValues, discard] = useDraft<Values>(draftKey, start);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const fields = fieldMap(kind, prefix);
  const mutation = useMutation({
    mutationFn: () => save(kind, projectId, values, target),
    onSuccess: async (cents) => {
      discard();
      setErrors({});
      setSaved(SAVED[kind](cents));
      await client.invalidateQueries({ queryKey: ['funding', projectId] });
    },
    onError: (error) => setErrors(apiFieldErrors(error, fields)),
  });
  const set = (key: keyof Values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const found = checkLocally(kind, prefix, values);
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const title = target ? (target.type === 'commitment' ? texts.reverseCommitment(target.date) : texts.reverseDisbursement(target.date)) : TITLES[kind];
  const Heading = target ? 'h3' : 'h2';
  const ids = Object.values(fields).map((f) => f.id);
  const field = (key: keyof Values, id: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextField id={`${prefix}-${id}`} label={label} value={values[key]} onChange={set(key)} error={errors[`${prefix}-${id}`]} {...extra} />
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${prefix}-titel`}>
      <Heading id={`${prefix}-titel`} className={target ? 'kern-heading-small' : 'kern-heading-medium'}>{title}</Heading>
      <ErrorSummary errors={errors} order={ids} />
      {saved && <Alert kind="success" title={saved} />}
      {field('amount', 'betrag', texts.amount, { hint: target ? texts.reverseAmountHint(target.openCents) : texts.amountHint, inputMode: 'decimal', autoComplete: 'off' })}
      {field('date', 'datum', texts.date, { hint: DATE_HINTS[kind], type: 'date' })}
      {kind === 'zusage' && (
        <SelectField id={`${prefix}-phase`} label={texts.phase} value={values.phase} onChange={set('phase')} error={errors[`${prefix}-phase`]}
          options={[{ value: 'A', label: texts.phaseA }, { value: 'B', label: texts.phaseB }]} />
      )}
      {kind !== 'storno' && field('budgetYear', 'haushaltsjahr', texts.budgetYear, { hint: YEAR_HINTS[kind], inputMode: 'numeric' })}
      {needsReason(kind)
        ? field('reason', 'begruendung', texts.reason, { maxLength: 2000, required: true })
        : field('note', 'notiz', texts.note, { maxLength: 2000 })}
      <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? texts.saving : SUBMITS[kind]}</Button>
    </form>
  );
}
