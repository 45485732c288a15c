import type { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import type { DomainError } from '../errors/domain-error';

/*
 * The review workflow that reports and strategy cascades share: the
 * municipality drafts and submits, the programme office accepts or requests
 * changes; every change moves an optimistic-concurrency `version` on by one,
 * which the client sends back as If-Match. Each feature names its own error
 * codes (REPORT.VERSION_CONFLICT, STRATEGY.VERSION_CONFLICT) and passes them in.
 */

export const WORKFLOW_STATUSES = ['draft', 'submitted', 'accepted', 'changes_requested'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** Content can be changed and submitted while in these states. */
export const EDITABLE_STATUSES: readonly WorkflowStatus[] = ['draft', 'changes_requested'];

export const REVIEW_DECISIONS = ['accept', 'request_changes'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviewedStatus = (decision: ReviewDecision): WorkflowStatus => (decision === 'accept' ? 'accepted' : 'changes_requested');

/** The errors a feature raises for If-Match and concurrent writes, each with the feature's code. */
export interface VersionErrors {
  ifMatchRequired(): DomainError;
  ifMatchInvalid(): DomainError;
  versionConflict(expected: number, current: number): DomainError;
}

/** If-Match carries the version: `3`, or `"3"` as an ETag would be quoted. Nothing else, and `*` is no version. */
export function parseIfMatch(header: string | string[] | undefined, errors: VersionErrors): number {
  if (header === undefined || (typeof header === 'string' && header.trim() === '')) throw errors.ifMatchRequired();
  const match = typeof header === 'string' ? /^\s*(?:(\d{1,9})|"(\d{1,9})")\s*$/.exec(header) : null;
  if (!match) throw errors.ifMatchInvalid();
  return Number(match[1] ?? match[2]);
}

/** An optional If-Match (submit, review): checked when sent. */
export function parseOptionalIfMatch(header: string | string[] | undefined, errors: VersionErrors): number | undefined {
  if (header === undefined || (typeof header === 'string' && header.trim() === '')) return undefined;
  return parseIfMatch(header, errors);
}

/** Submit and review take If-Match optionally: when sent, it must be current. */
export function checkVersion(current: number, expected: number | undefined, errors: VersionErrors): void {
  if (expected !== undefined && expected !== current) throw errors.versionConflict(expected, current);
}

interface Versioned extends ObjectLiteral {
  id: number;
  version: number;
  status: string;
}

/**
 * Moves the row on by one version, atomically: the UPDATE applies only while
 * the row still has the version and a status the caller read, so of two
 * concurrent writers exactly one wins and the other gets the version conflict
 * (on PostgreSQL the loser waits for the winner's row lock, then finds the
 * version moved on).
 */
export async function advanceVersion<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  allowedStatuses: readonly string[],
  changes: QueryDeepPartialEntity<T>,
  errors: VersionErrors,
): Promise<T> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id: row.id, version: row.version })
    .andWhere('status IN (:...allowedStatuses)', { allowedStatuses })
    .execute();
  const current = await manager.getRepository(entity).findOneByOrFail({ id: row.id } as never);
  if (result.affected !== 1) throw errors.versionConflict(row.version, current.version);
  return current;
}
