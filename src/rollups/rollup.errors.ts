import { NotFound, RuleViolation } from '../common/errors/domain-error';

/** Every error about roll-up snapshots, with its stable code. */

export const rollupNotFound = (id: number) => new NotFound('ROLLUP.NOT_FOUND', 'rollup', id);

export const kindMismatch = (from: { id: number; kind: string }, to: { id: number; kind: string }) =>
  new RuleViolation(
    'ROLLUP.KIND_MISMATCH',
    `Snapshot ${from.id} is a ${from.kind} roll-up and ${to.id} a ${to.kind} roll-up; only roll-ups of one kind compare.`,
    [{ field: 'to', message: `must be a ${from.kind} roll-up` }],
  );
