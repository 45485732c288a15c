import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../../lib/api-client';
import { apiFieldErrors } from './funding-errors';

const fields = {
  amountCents: { id: 'abruf-betrag', label: 'Betrag in Euro' },
  date: { id: 'abruf-datum', label: 'Datum' },
  budgetYear: { id: 'abruf-haushaltsjahr', label: 'Haushaltsjahr' },
};
const refusal = (status: number, code: string, details: object[]) =>
  new ApiRequestError(status, { statusCode: status, code, message: 'x', details });

describe("the API's refusals in German, at their field", () => {
  it('puts FUNDING.OVER_DISBURSED at the amount with what is still available', () => {
    const errors = apiFieldErrors(refusal(422, 'FUNDING.OVER_DISBURSED', [{ field: 'amountCents', availableCents: 75_000_000 }]), fields);
    expect(errors).toEqual({ 'abruf-betrag': 'Der Betrag übersteigt die zugesagten Mittel: Es können höchstens 750.000,00\u00a0€ ausgezahlt werden' });
  });

  it('puts a date rule at the date, and a 400 on the budget year at the budget year', () => {
    expect(apiFieldErrors(refusal(422, 'FUNDING.BEFORE_COMMITMENT', [{ field: 'date', firstCommitmentDate: '2021-03-15' }]), fields))
      .toEqual({ 'abruf-datum': 'Das Datum darf nicht vor der ersten Zusage vom 15.03.2021 liegen' });
    expect(apiFieldErrors(refusal(400, 'VALIDATION.INVALID', [{ field: 'budgetYear', message: 'budgetYear 2023 is after the year of the payment date' }]), fields))
      .toEqual({ 'abruf-haushaltsjahr': 'Das Haushaltsjahr darf nicht nach dem Jahr des Datums liegen' });
  });

  it('puts the refusals of a reversal and a repayment at the amount, a missing reason at the reason', () => {
    const withReason = { ...fields, reason: { id: 'storno-begruendung', label: 'Begründung' } };
    expect(apiFieldErrors(refusal(422, 'FUNDING.REVERSAL_EXCEEDS_ORIGINAL', [{ field: 'amountCents', availableCents: 30_000_000 }]), withReason))
      .toEqual({ 'abruf-betrag': 'Der Betrag übersteigt den offenen Betrag des Eintrags: Es können höchstens 300.000,00\u00a0€ storniert werden' });
    expect(apiFieldErrors(refusal(422, 'FUNDING.REPAYMENT_EXCEEDS_DISBURSED', [{ field: 'amountCents', availableCents: 100 }]), withReason))
      .toEqual({ 'abruf-betrag': 'Der Betrag übersteigt die ausgezahlten Mittel: Es können höchstens 1,00\u00a0€ zurückgezahlt werden' });
    expect(apiFieldErrors(refusal(400, 'VALIDATION.INVALID', [{ field: 'reason', message: 'reason should not be empty' }]), withReason))
      .toEqual({ 'storno-begruendung': 'Geben Sie eine Begründung ein' });
    expect(apiFieldErrors(refusal(422, 'FUNDING.REVERSAL_OF_REVERSAL', [{ field: 'id' }]), withReason))
      .toEqual({ form: 'Ein Storno oder eine Rückzahlung kann nicht storniert werden' });
  });

  it("takes a feature's own codes before the ledger's", () => {
    const rules = (code: string) => (code === 'PROJECT.STATUS_UNCHANGED' ? 'Das Projekt hat diesen Status bereits' : null);
    const status = { status: { id: 'status-status', label: 'Neuer Status' } };
    expect(apiFieldErrors(refusal(422, 'PROJECT.STATUS_UNCHANGED', [{ field: 'status' }]), status, rules))
      .toEqual({ 'status-status': 'Das Projekt hat diesen Status bereits' });
  });

  it('says anything else in the summary, never in English', () => {
    expect(apiFieldErrors(new Error('network'), fields)).toEqual({ form: 'Speichern ist fehlgeschlagen. Ihre Eingaben sind erhalten; versuchen Sie es erneut.' });
    expect(apiFieldErrors(refusal(403, 'AUTH.ROLE_NOT_ALLOWED', []), fields)).toEqual({ form: 'Ihr Konto darf hier nichts erfassen.' });
  });
});
