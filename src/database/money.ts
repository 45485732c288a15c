import type { ValueTransformer } from 'typeorm';

/**
 * Money is integer euro cents everywhere. PostgreSQL hands `bigint` and
 * `SUM(bigint)` back as strings and SQLite as numbers: both become numbers
 * here, and a value that would lose precision is an error, never a rounding.
 */
export function toCents(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not an exact amount of cents: ${String(value)}`);
  return n;
}

export function toCentsOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toCents(value);
}

export const centsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: unknown) => toCentsOrNull(value),
};

/** Parses a euro amount as written in the sources ("8462377.50") into cents without float arithmetic. */
export function euroStringToCents(text: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new Error(`not a euro amount: "${text}"`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new Error(`euro amount too large: "${text}"`);
  return cents;
}
