import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../common/errors/domain-error';
import { inspectInput } from './input-shape';

/** The default body limit; routes listed in BODY_LIMITS get their own. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Per-route body limits (method and route pattern as Fastify registers it). Login takes two short strings; an upload
 * route (none yet) would get its own larger entry here rather than raising the default.
 */
export const BODY_LIMITS: Record<string, number> = {
  'POST /api/v1/auth/login': 16 * 1024,
  'POST /api/v1/auth/session': 16 * 1024,
};

/**
 * JSON is the only body the API reads: every other content type is a 415. The parser refuses `__proto__` and
 * `constructor.prototype` keys, nesting beyond MAX_JSON_DEPTH and text that is not well-formed Unicode with a 400
 * in the error contract, before any validator or class-transformer sees the body.
 */
export function installJsonBody(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    for (const method of methods) {
      const limit = BODY_LIMITS[`${method} ${route.url}`];
      if (limit !== undefined) route.bodyLimit = limit;
    }
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, parsed) => {
      if (error) return done(error, undefined);
      const problem = inspectInput(parsed, '');
      if (problem) return done(new ValidationFailed([problem.detail], 'The request body is not acceptable.', problem.code), undefined);
      done(null, parsed);
    });
  });
}
