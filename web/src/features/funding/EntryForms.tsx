import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDraft } from '../../lib/draft';
import { Button, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { parseEuroToCents } from '../../lib/format';
import { apiFieldErrors } from './funding-errors';
import { texts } from './texts';

/*
 * The two forms of the ledger. Checked here first (amount, date, budget year), then by the API; every refusal is
 * shown at its field and in the summary above the form, and what the user typed stays until it is saved.
 */
type Kind = 'zusage' | 'abruf';
interface Values { amount: string; date: string; phase: string; budgetYear: string; note: string }
const EMPTY: Values = { amount: '', date: '', phase: 'B', budgetYear: '', note: '' };

function checkLocally(kind: Kind, v: Values): FieldErrors {
  const errors: FieldErrors = {};
  const cents = parseEuroToCents(v.amount);
  if (!v.amount.trim()) errors[`${kind}-betrag`] = texts.errors.amountMissing;
  else if (cents === null) errors[`${kind}-betrag`] = texts.errors.amountFormat;
  else if (cents <= 0) errors[`${kind}-betrag`] = texts.errors.amountPositive;
  else if (cents > 82_000_000_000) errors[`${kind}-betrag`] = texts.errors.amountTooLarge;
  if (!v.date) errors[`${kind}-datum`] = texts.errors.dateMissing;
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors[`${kind}-datum`] = texts.errors.dateInvalid;
  if (kind === 'abruf' && !v.budgetYear.trim()) errors[`${kind}-haushaltsjahr`] = texts.errors.budgetYearMissing;
  else if (v.budgetYear.trim() && !/^\d{4}$/.test(v.budgetYear.trim())) errors[`${kind}-haushaltsjahr`] = texts.errors.budgetYearInvalid;
  return errors;
}

function fieldMap(kind: Kind) {
  return {
    amountCents: { id: `${kind}-betrag`, label: texts.amount },
    date: { id: `${kind}-datum`, label: texts.date },
    phase: { id: `${kind}-phase`, label: texts.phase },
    budgetYear: { id: `${kind}-haushaltsjahr`, label: texts.budgetYear },
    note: { id: `${kind}-notiz`, label: texts.note },
  };
}

async function save(kind: Kind, projectId: number, v: Values): Promise<number> {
  const amountCents = parseEuroToCents(v.amount)!;
  const note = v.note.trim() || undefined;
  const path = { params: { path: { id: projectId } } };
  if (kind === 'zusage') {
    const budgetYear = v.budgetYear.trim() ? Number(v.budgetYear) : undefined;
    unwrap(await api.POST('/api/v1/projects/{id}/commitments', { ...path, body: { amountCents, date: v.date, phase: v.phase as 'A' | 'B', budgetYear, note } }));
  } else {
    unwrap(await api.POST('/api/v1/projects/{id}/disbursements', { ...path, body: { amountCents, date: v.date, budgetYear: Number(v.budgetYear), note } }));
  }
  return amountCents;
}

export function EntryForm({ kind, projectId }: { kind: Kind; projectId: number }) {
  const client = useQueryClient();
  const [values, setValues, discard] = useDraft<Values>(`finanzen:${projectId}:${kind}`, EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => save(kind, projectId, values),
    onSuccess: async (cents) => {
      discard();
      setErrors({});
      setSaved(kind === 'zusage' ? texts.savedCommitment(cents) : texts.savedDisbursement(cents));
      await client.invalidateQueries({ queryKey: ['funding', projectId] });
    },
    onError: (error) => setErrors(apiFieldErrors(error, fieldMap(kind))),
  });
  const set = (key: keyof Values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const found = checkLocally(kind, values);
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const title = kind === 'zusage' ? texts.commitForm : texts.disburseForm;
  const ids = Object.values(fieldMap(kind)).map((f) => f.id);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${kind}-titel`}>
      <h2 id={`${kind}-titel`} className="kern-heading-medium">{title}</h2>
      <ErrorSummary errors={errors} order={ids} />
      {saved && <Alert kind="success" title={saved} />}
      <TextField id={`${kind}-betrag`} label={texts.amount} hint={texts.amountHint} inputMode="decimal" autoComplete="off"
        value={values.amount} onChange={set('amount')} error={errors[`${kind}-betrag`]} />
      <TextField id={`${kind}-datum`} label={texts.date} hint={kind === 'zusage' ? texts.commitDateHint : texts.disburseDateHint} type="date"
        value={values.date} onChange={set('date')} error={errors[`${kind}-datum`]} />
      {kind === 'zusage' && (
        <SelectField id="zusage-phase" label={texts.phase} value={values.phase} onChange={set('phase')} error={errors['zusage-phase']}
          options={[{ value: 'A', label: texts.phaseA }, { value: 'B', label: texts.phaseB }]} />
      )}
      <TextField id={`${kind}-haushaltsjahr`} label={texts.budgetYear} hint={kind === 'zusage' ? texts.commitBudgetYearHint : texts.disburseBudgetYearHint}
        inputMode="numeric" value={values.budgetYear} onChange={set('budgetYear')} error={errors[`${kind}-haushaltsjahr`]} />
      <TextField id={`${kind}-notiz`} label={texts.note} maxLength={2000} value={values.note} onChange={set('note')} error={errors[`${kind}-notiz`]} />
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? texts.saving : kind === 'zusage' ? texts.saveCommitment : texts.saveDisbursement}
      </Button>
    </form>
  );
}
