import { Clock } from '../src/common/clock';
import { TransactionService } from '../src/database/transaction.service';
import { RollupCalculator } from '../src/rollups/rollup-calculator';
import { readSource } from '../src/rollups/rollup-source';
import { generateSyntheticPortfolio } from '../src/synthetic/synthetic-portfolio';
import { strategyRollupReference } from './support/strategy-rollup-reference';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';
import { expectSameFields } from './support/same-fields';

/*
 * The strategy roll-up reads each table once and sums per cascade in JavaScript (issue 14 item 7). The one
 * SQL statement it replaced is kept as a reference under test/support; on a synthetic portfolio of a few
 * hundred projects both must give the same content, field by field.
 */

describe('strategy roll-up: the per-cascade computation gives the previous content (synthetic portfolio)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seedOnStart: false });
    await generateSyntheticPortfolio(t.dataSource, { projects: 300, years: 3, seed: 14 });
  }, 180_000);
  afterAll(() => t.close());

  it('totals, fields, qualities, guidelines, rounds, Länder and notes as before', async () => {
    const current = await t.app.get(RollupCalculator).compute('strategy');
    const reference = await t.app
      .get(TransactionService)
      .snapshot(async (manager) => strategyRollupReference(await readSource(manager, t.app.get(Clock).now())));
    if (current.kind !== 'strategy') throw new Error('not a strategy roll-up');
    expect(current.totals.cascadesAccepted).toBeGreaterThan(100);
    expect(current.totals.indicatorsMeasured).toBeGreaterThan(0);
    expect(current.notes.multiCountedProjects).toBeGreaterThan(0);
    // The two ran one after the other: only the moment of reading may differ.
    expectSameFields(
      { ...current, asOf: { ...current.asOf, dataAsOf: '' } },
      { ...reference, asOf: { ...reference.asOf, dataAsOf: '' } },
      'content',
    );
  });
});
