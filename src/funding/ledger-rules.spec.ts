import { disbursedFrom, undrawnFrom } from './ledger-rules';

const c = (date: string, amountCents: number) => ({ date, amountCents });

describe('ledger rules', () => {
  it('does not let a disbursement use a commitment dated after it', () => {
    const ledger = { commitments: [c('2021-01-01', 100), c('2022-01-01', 900)], disbursements: [] };
    expect(undrawnFrom(ledger, '2021-06-01')).toEqual({
      point: { date: '2021-06-01', committedCents: 100, disbursedCents: 0 },
      availableCents: 100,
    });
    expect(undrawnFrom(ledger, '2022-01-01').availableCents).toBe(1000);
  });

  it('is limited by a later date where the money is already drawn', () => {
    const ledger = { commitments: [c('2021-01-01', 100), c('2022-01-01', 900)], disbursements: [c('2022-02-01', 950)] };
    // On 2022-01-15 1 000 is committed and nothing drawn, but from 2022-02-01 only 50 is left.
    const { point, availableCents } = undrawnFrom(ledger, '2022-01-15');
    expect({ date: point.date, availableCents }).toEqual({ date: '2022-02-01', availableCents: 50 });
  });

  it('counts reversals and repayments at their own dates', () => {
    const ledger = {
      commitments: [c('2021-01-01', 1000), c('2023-01-01', -400)],
      disbursements: [c('2021-06-01', 800), c('2022-06-01', -300)],
    };
    // On 2021-07-01 200 are undrawn, but the later reversal leaves 600 committed against 500 drawn: 100 at most.
    expect(undrawnFrom(ledger, '2021-07-01').availableCents).toBe(100);
    expect(undrawnFrom({ ...ledger, commitments: ledger.commitments.slice(0, 1) }, '2021-07-01').availableCents).toBe(200);
    // After the repayment 500 are drawn and, from 2023, 600 committed: 100 left.
    expect(undrawnFrom(ledger, '2022-07-01').availableCents).toBe(100);
    expect(disbursedFrom(ledger, '2021-07-01').availableCents).toBe(500);
    expect(disbursedFrom(ledger, '2021-05-01').availableCents).toBe(0);
  });
});
