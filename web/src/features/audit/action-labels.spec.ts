import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { texts } from './texts';

/** Every action code the server writes to the audit trail, read from its sources (so a new action cannot go unlabelled). */
function serverActions(): string[] {
  const root = join(__dirname, '../../../../src');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+)'/g)) codes.add(match[1]);
    // The ledger's reversals: action `funding.${type}.reverse` for commitments and disbursements.
    if (text.includes('action: `funding.${type}.reverse`')) ['commitment', 'disbursement'].forEach((t) => codes.add(`funding.${t}.reverse`));
  }
  return [...codes].sort();
}

describe('the audit viewer names every action in German', () => {
  it('has a label for each action code the server records', () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThanOrEqual(20);
    expect(actions.filter((code) => !texts.actions[code])).toEqual([]);
  });
});
