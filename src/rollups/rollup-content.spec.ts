import { compareContents, figureChanges } from './rollup-compare';
import type { FundingFigures, FundingRollupContent } from './rollup-content';
import { contentHash, shareBp, stableJson } from './rollup-content';

const figures = (overrides: Partial<FundingFigures> = {}): FundingFigures => ({
  projectCount: 1,
  grantKnownCount: 1,
  grantKnownCents: 500,
  grantUnknownCount: 0,
  committedCents: 100,
  disbursedCents: 40,
  repaidCents: 0,
  reportedSpendCents: 0,
  remainingCents: 60,
  committedOfBudgetBp: 0,
  disbursedOfBudgetBp: 0,
  drawdownLagProjectCount: 0,
  drawdownLagCents: 0,
  ...overrides,
});

const content = (asOf: string, totals: FundingFigures): FundingRollupContent => ({
  kind: 'funding',
  asOf: { dataAsOf: asOf, date: asOf.slice(0, 10), drawdownLagCutoff: '2025-01-01' },
  programme: { code: 'MPSC', name: 'MPSC', budgetCents: 82_000_000_000 },
  totals,
  groups: {
    round: [{ key: '1', label: 'Staffel 1 (2019)', ...totals }],
    category: [],
    state: [{ key: 'DE-HE', label: 'Hessen', ...totals }],
    budgetYear: [],
  },
  notes: { state: 'n', multiLandProjectCount: 0, budgetYear: 'b' },
});

describe('shares of the budget in basis points', () => {
  it('rounds half up in integer arithmetic, exact for amounts far beyond 2^53 / 10 000', () => {
    expect(shareBp(41_000_000_000, 82_000_000_000)).toBe(5000);
    expect(shareBp(82_000_000_000, 82_000_000_000)).toBe(10_000);
    expect(shareBp(4_100_000, 82_000_000_000)).toBe(1); // 0.5 bp rounds up
    expect(shareBp(4_099_999, 82_000_000_000)).toBe(0);
    expect(shareBp(9_007_199_254_740_991, 9_007_199_254_740_991)).toBe(10_000);
    expect(shareBp(5, 0)).toBe(0);
  });
});

describe('content hash', () => {
  it('ignores when the rows were read and the order of keys, and sees every figure', () => {
    const a = content('2026-03-15T10:00:00.000Z', figures());
    const b = content('2026-03-15T11:30:00.000Z', figures());
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(content('2026-03-15T10:00:00.000Z', figures({ disbursedCents: 41 })))).not.toBe(contentHash(a));
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});

describe('comparing two snapshots', () => {
  it('lists only the figures and groups that differ, with from, to and delta', () => {
    const before = content('2026-03-15T10:00:00.000Z', figures());
    const after = content('2026-03-16T10:00:00.000Z', figures({ disbursedCents: 70, remainingCents: 30 }));
    after.groups.state.push({ key: 'DE-BY', label: 'Bayern', ...figures() });
    const diff = compareContents(before, after);
    expect(diff.totals).toEqual({
      disbursedCents: { from: 40, to: 70, delta: 30 },
      remainingCents: { from: 60, to: 30, delta: -30 },
    });
    expect(diff.groups.round).toEqual([{ key: '1', label: 'Staffel 1 (2019)', changes: diff.totals }]);
    expect(diff.groups.state.map((g) => g.key)).toEqual(['DE-HE', 'DE-BY']);
    expect(diff.groups.state[1].changes.committedCents).toEqual({ from: null, to: 100, delta: null });
    expect(diff.groups.category).toEqual([]);
    expect(compareContents(before, before).totals).toEqual({});
    expect(figureChanges({ avg: null, label: 'x' }, { avg: 5, label: 'y' })).toEqual({ avg: { from: null, to: 5, delta: null } });
  });
});
