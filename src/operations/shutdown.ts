import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { unavailableBody } from './operations.errors';

interface Drain {
  closing: boolean;
  inFlight: number;
  idle: (() => void) | null;
}

const drains = new WeakMap<object, Drain>();

/** How long a shutdown waits for the requests in flight before it closes anyway. */
const DRAIN_LIMIT_MS = 25_000;

/**
 * Counts the requests in flight; once the API is shutting down, every new request is answered 503 in the error
 * contract with `connection: close` (Fastify's own closing answer is not in the contract: return503OnClosing off).
 */
export function refuseWhileClosing(fastify: FastifyInstance): void {
  const drain: Drain = { closing: false, inFlight: 0, idle: null };
  drains.set(fastify, drain);
  fastify.addHook('onRequest', async (request, reply) => {
    if (drain.closing) {
      const message = 'The service is shutting down; retry on another instance.';
      await reply
        .code(503)
        .header('connection', 'close')
        .send(unavailableBody(['api'], message));
      return reply;
    }
    drain.inFlight++;
    reply.raw.once('close', () => {
      drain.inFlight--;
      if (drain.inFlight === 0) drain.idle?.();
    });
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (drain.closing) reply.header('connection', 'close');
  });
}

function drained(drain: Drain): Promise<void> {
  if (drain.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_LIMIT_MS);
    drain.idle = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

/**
 * SIGTERM or SIGINT: refuse new requests (503), let the requests in flight finish, then close the application
 * (the HTTP server, jobs running in this process, the database) and exit 0. A second signal exits at once.
 */
export function exitGracefullyOnSignals(app: INestApplication, fastify: FastifyInstance): void {
  const logger = new Logger('Shutdown');
  const drain = drains.get(fastify);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.log(`${signal}: finishing ${drain?.inFlight ?? 0} request(s) in flight, then exiting.`);
    if (drain) drain.closing = true;
    (drain ? drained(drain) : Promise.resolve())
      .then(() => app.close())
      .then(
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
