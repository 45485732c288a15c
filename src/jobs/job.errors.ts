import { Conflict, DomainError, NotFound } from '../common/errors/domain-error';

/** Every error about job runs and the queue, with its stable code (one prefix: `JOB.`). */

export const jobNotFound = (id: string) => new NotFound('JOB.NOT_FOUND', 'job', id);

export const artifactMissing = (id: string) => new NotFound('JOB.ARTIFACT_MISSING', 'artifact', id);

export const noArtifact = (status: string) =>
  new Conflict('JOB.NO_ARTIFACT', status === 'completed' ? 'This run produced no file.' : `The run is ${status}; its file is not ready.`);

export const artifactExpired = (days: number) =>
  new DomainError('gone', 'JOB.ARTIFACT_EXPIRED', `The file of this run was deleted after ${days} days; request the export again.`);

export const idempotencyKeyReused = () =>
  new Conflict('JOB.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
