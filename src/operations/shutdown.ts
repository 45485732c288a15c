import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const closing = new WeakSet<object>();

/**
 * While the API shuts down, a request arriving on an open keep-alive connection is answered 503 in the error
 * contract (with `connection: close`); Fastify's own closing answer is not in the contract (return503OnClosing off).
 */
export function refuseWhileClosing(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (_request, reply) => {
    if (!closing.has(fastify)) return;
    const message = 'The service is shutting down; retry on another instance.';
    await reply
      .code(503)
      .header('connection', 'close')
      .send({ statusCode: 503, code: 'SERVICE.UNAVAILABLE', message, details: [{ dependency: 'api', message }] });
    return reply;
  });
}

/**
 * SIGTERM or SIGINT: stop accepting connections, refuse new requests on open ones, let the requests in flight
 * finish (and the jobs running in this process), close the database, then exit 0. A second signal exits at once.
 */
export function exitGracefullyOnSignals(app: INestApplication, fastify: FastifyInstance): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    closing.add(fastify);
    logger.log(`${signal}: finishing the requests in flight, then exiting.`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
