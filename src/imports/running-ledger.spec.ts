import { type LedgerEntry, undrawnFrom } from '../funding/ledger-rules';
import { RunningLedger } from './running-ledger';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s % n;
  };
}

describe('RunningLedger: the import’s running balance answers exactly as the ledger rules do', () => {
  it('agrees with undrawnFrom (point and amount) after every accepted disbursement, over random ledgers', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const day = () => `2022-0${1 + next(9)}-1${next(10)}`;
      const commitments: LedgerEntry[] = Array.from({ length: 1 + next(4) }, () => ({ date: day(), amountCents: 1 + next(5000) }));
      if (next(3) === 0) commitments.push({ date: day(), amountCents: -next(2000) }); // a reversal
      const disbursements: LedgerEntry[] = Array.from({ length: next(4) }, () => ({ date: day(), amountCents: 1 + next(1000) }));
      const rows = Array.from({ length: 30 }, () => ({ date: day(), amountCents: 1 + next(1500) }));
      const running = new RunningLedger(
        { commitments, disbursements },
        rows.map((r) => r.date),
      );
      for (const row of rows) {
        const expected = undrawnFrom({ commitments, disbursements }, row.date);
        expect({ seed, row, ...running.undrawnFrom(row.date) }).toEqual({ seed, row, ...expected });
        if (row.amountCents <= expected.availableCents) {
          running.addDisbursement(row.date, row.amountCents);
          disbursements.push(row);
        }
      }
    }
  });
});
