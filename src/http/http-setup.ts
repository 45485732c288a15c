import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { clientErrorHandler } from './client-errors';
import { BODY_LIMIT_BYTES, installJsonBody } from './json-body';
import { installMetrics } from '../operations/metrics';
import { refuseWhileClosing } from '../operations/shutdown';
import { installSecurity } from './security';

/** Options for the Fastify adapter: the default body limit and contract answers for Node's own HTTP refusals. */
export function httpServerOptions() {
  return { bodyLimit: BODY_LIMIT_BYTES, clientErrorHandler, return503OnClosing: false };
}

/** Options for NestFactory.create: Nest's own body parsers stay off (installJsonBody replaces them). */
export const NEST_HTTP_OPTIONS = { bodyParser: false } as const;

/**
 * Everything the HTTP layer adds around the routes, in one call from createApp before `init()`:
 * the JSON-only body parser with per-route limits, security headers and CORS, 503 while shutting down, metrics.
 */
export async function prepareHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  installJsonBody(fastify);
  refuseWhileClosing(fastify);
  await installSecurity(app, config);
  installMetrics(app, config);
}
