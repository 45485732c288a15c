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

  it('says anything else in the summary, never in English', () => {
    expect(apiFieldErrors(new Error('network'), fields)).toEqual({ form: 'Speichern ist fehlgeschlagen. Ihre Eingaben sind erhalten; versuchen Sie es erneut.' });
    expect(apiFieldErrors(refusal(403, 'AUTH.ROLE_NOT_ALLOWED', []), fields)).toEqual({ form: 'Ihr Konto darf hier nichts erfassen.' });
  });
});
