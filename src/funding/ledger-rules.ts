/*
 * The ledger's date-aware rules as pure functions. Every entry is signed:
 * commitments and disbursements positive, their reversals and repayments
 * negative. At every date of the ledger the net disbursed sum up to that date
 * may not exceed the net committed sum up to that date, and may not fall
 * below zero.
 */

export interface LedgerEntry {
  date: string;
  amountCents: number;
}

export interface Ledger {
  commitments: readonly LedgerEntry[];
  disbursements: readonly LedgerEntry[];
}

/** The sums up to and including one date. */
export interface LedgerPoint {
  date: string;
  committedCents: number;
  disbursedCents: number;
}

/** Cumulative sums at `from` and at every later date an entry is booked on, oldest first. */
export function pointsFrom(ledger: Ledger, from: string): LedgerPoint[] {
  const dates = [...new Set([from, ...ledger.commitments.map((e) => e.date), ...ledger.disbursements.map((e) => e.date)])]
    .filter((d) => d >= from)
    .sort();
  const upTo = (entries: readonly LedgerEntry[], date: string) => entries.reduce((s, e) => (e.date <= date ? s + e.amountCents : s), 0);
  return dates.map((date) => ({ date, committedCents: upTo(ledger.commitments, date), disbursedCents: upTo(ledger.disbursements, date) }));
}

/** The point from `from` on where `measure` is smallest (the earliest of equals). */
function tightest(ledger: Ledger, from: string, measure: (p: LedgerPoint) => number): { point: LedgerPoint; value: number } {
  const points = pointsFrom(ledger, from);
  let best = { point: points[0], value: measure(points[0]) };
  for (const point of points.slice(1)) {
    const value = measure(point);
    if (value < best.value) best = { point, value };
  }
  return best;
}

/**
 * How much may still be drawn on `date` (or taken off the commitments on `date`) without the disbursements
 * exceeding the commitments at that date or any later one, and the date that limits it.
 */
export function undrawnFrom(ledger: Ledger, date: string): { point: LedgerPoint; availableCents: number } {
  const { point, value } = tightest(ledger, date, (p) => p.committedCents - p.disbursedCents);
  return { point, availableCents: Math.max(0, value) };
}

/** How much may be taken off the disbursements on `date` (repaid or reversed) without net disbursements going below zero later. */
export function disbursedFrom(ledger: Ledger, date: string): { point: LedgerPoint; availableCents: number } {
  const { point, value } = tightest(ledger, date, (p) => p.disbursedCents);
  return { point, availableCents: Math.max(0, value) };
}
