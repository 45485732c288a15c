import { DomainError } from '../common/errors/domain-error';

/** What can be down: the database, Redis (queue, shared limits), or this API instance itself while it shuts down. */
export type Dependency = 'database' | 'redis' | 'api';

/** 503 SERVICE.UNAVAILABLE naming the dependency that is down; the client may retry later. */
export const serviceUnavailable = (dependency: Dependency, message = `The ${dependency} is not reachable; try again shortly.`) =>
  new DomainError('unavailable', 'SERVICE.UNAVAILABLE', message, [{ dependency, message: `${dependency} is down` }]);

/** The same answer as a plain body, for answers given outside Nest's filter (/health, the shutdown hook). */
export const unavailableBody = (dependencies: string[], message: string) => ({
  statusCode: 503,
  code: 'SERVICE.UNAVAILABLE',
  message,
  details: dependencies.map((dependency) => ({ dependency, message: `${dependency} is down` })),
});
