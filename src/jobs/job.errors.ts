import { Conflict, DomainError, NotFound } from '../common/errors/domain-error';

/** Every error about job runs and the queue, with its stable code (one prefix: `JOB.`). */

export const jobNotFound = (id: string) => new NotFound('JOB.NOT_FOUND', 'job', id);

export const artifactMissing = (id: string) => new NotFound('JOB.ARTIFACT_MISSING', 'artifact', id);

export const noArtifact = (status: string) =>
  new Conflict('JOB.NO_ARTIFACT', status === 'completed' ? 'This run produced no file.' : `The run is ${status}; its file is not ready.`);

export const queueUnavailable = () =>
  new DomainError('unavailable', 'JOB.QUEUE_UNAVAILABLE', 'The job queue is not reachable; try again later.');

export const idempotencyKeyReused = () =>
  new Conflict('JOB.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
