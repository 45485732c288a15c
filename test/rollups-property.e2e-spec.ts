import fc from 'fast-check';
import { addDays } from '../src/common/dates';
import { TransactionService } from '../src/database/transaction.service';
import type { Account } from './support/accounts';
import { standardAccounts } from './support/accounts';
import { commit, disburse } from './support/funding';
import { freezeClock } from './support/reports';
import type { PortfolioProject, Row } from './support/rollups';
import { created, portfolio, runRollup, sum } from './support/rollups';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/*
 * For random commitments and disbursements that respect the funding rules
 * (within each grant and the programme's life, disbursed never more than
 * committed at any date, never before the first commitment, budget year not after the
 * payment), the roll-up's totals are the sums of exactly those rows.
 */

const NOW = '2025-06-01T12:00:00.000Z';
const CUTOFF = '2024-06-01';

const commitmentArb = fc.record({
  dayOffset: fc.integer({ min: 0, max: 2_500 }), // 2019-01-01 … 2025-11
  amountCents: fc.integer({ min: 1, max: 15_000_000 }), // 3 × 150 000 € stays below the smallest grant
  phase: fc.constantFrom('A', 'B'),
  budgetYear: fc.option(fc.integer({ min: 2019, max: 2030 }), { nil: undefined }),
});
const disbursementArb = fc.record({
  dayOffset: fc.integer({ min: 0, max: 1_500 }), // after the last commitment, before 2030
  shareBp: fc.integer({ min: 1, max: 10_000 }), // of what is still undrawn
  yearsBack: fc.integer({ min: 0, max: 2 }),
});
const fundingArb = fc.uniqueArray(
  fc.record({
    index: fc.integer({ min: 0, max: 72 }),
    commitments: fc.array(commitmentArb, { minLength: 1, maxLength: 3 }),
    disbursements: fc.array(disbursementArb, { maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 5, selector: (p) => p.index },
);

describe('funding roll-up totals (property)', () => {
  let t: TestApp;
  let officer: Account;
  let projects: PortfolioProject[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ officer } = await standardAccounts(t));
    projects = [...(await portfolio(t)).values()].sort((a, b) => a.id - b.id);
    freezeClock(t, NOW);
  });
  afterAll(() => t.close());

  it('equal the sums of the random rows, in total, per round and per budget year', async () => {
    await fc.assert(
      fc.asyncProperty(fundingArb, async (funding) => {
        await t.app.get(TransactionService).run(async (manager) => {
          await manager.query('DELETE FROM disbursement');
          await manager.query('DELETE FROM commitment');
        });
        const commitments: Row[] = [];
        const disbursements: Row[] = [];
        for (const plan of funding) {
          const projectId = projects[plan.index].id;
          for (const c of plan.commitments) {
            const body = {
              amountCents: c.amountCents,
              date: addDays('2019-01-01', c.dayOffset),
              phase: c.phase,
              ...(c.budgetYear ? { budgetYear: c.budgetYear } : {}),
            };
            commitments.push(await created(commit(t, officer.auth, projectId, body)));
          }
          const own = commitments.filter((c) => c.projectId === projectId);
          // Dated after the project's last commitment, so every commitment counts at every payment date.
          const last = own.map((c) => c.date).sort()[own.length - 1];
          let undrawn = sum(own.map((c) => c.amountCents));
          for (const d of plan.disbursements) {
            const amountCents = Math.floor((undrawn * d.shareBp) / 10_000);
            if (amountCents === 0) continue;
            const date = addDays(last, d.dayOffset);
            const budgetYear = Math.max(2019, Number(date.slice(0, 4)) - d.yearsBack);
            disbursements.push(await created(disburse(t, officer.auth, projectId, { amountCents, date, budgetYear })));
            undrawn -= amountCents;
          }
        }

        const run = await runRollup(t, officer.auth, { kind: 'funding' });
        const { totals, groups } = run.result;
        const committed = sum(commitments.map((r) => r.amountCents));
        const disbursed = sum(disbursements.map((r) => r.amountCents));
        const lags = funding
          .map((plan) => projects[plan.index].id)
          .map(
            (id) =>
              sum(commitments.filter((c) => c.projectId === id && c.date <= CUTOFF).map((c) => c.amountCents)) -
              sum(disbursements.filter((d) => d.projectId === id).map((d) => d.amountCents)),
          )
          .filter((lag) => lag > 0);
        expect(totals).toMatchObject({
          committedCents: committed,
          disbursedCents: disbursed,
          remainingCents: committed - disbursed,
          drawdownLagProjectCount: lags.length,
          drawdownLagCents: sum(lags),
        });

        const roundOf = new Map(projects.map((p) => [p.id, p.round]));
        for (const g of groups.find((x: { by: string }) => x.by === 'round').items) {
          const inRound = (r: Row) => String(roundOf.get(r.projectId)) === g.key;
          expect(g).toMatchObject({
            committedCents: sum(commitments.filter(inRound).map((r) => r.amountCents)),
            disbursedCents: sum(disbursements.filter(inRound).map((r) => r.amountCents)),
          });
        }
        for (const g of groups.find((x: { by: string }) => x.by === 'budgetYear').items) {
          const inYear = (r: Row) => String(r.budgetYear) === g.key;
          expect(g).toMatchObject({
            commitmentCount: commitments.filter(inYear).length,
            committedCents: sum(commitments.filter(inYear).map((r) => r.amountCents)),
            disbursedCents: sum(disbursements.filter(inYear).map((r) => r.amountCents)),
          });
        }
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});
