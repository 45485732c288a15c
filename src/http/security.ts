import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';

/**
 * Content-Security-Policy for the API and the web app (a Vite build: scripts and styles from files, never inline).
 * Swagger UI (/docs) and the queue dashboard (/admin/queues) write inline styles, so they get STAFF_PAGES_CSP.
 */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const STAFF_PAGES = /^\/(docs|admin\/queues)(\/|$|\?)/;
const STAFF_PAGES_CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;" +
  "connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

/** HSTS only where the service is reached over HTTPS (production): a year, subdomains included. */
const HSTS = { maxAge: 31_536_000, includeSubDomains: true };

/**
 * Security headers on every answer (errors and 404s included), HSTS under NODE_ENV=production, and CORS only for the
 * origins CORS_ORIGINS lists (off by default: the web app is served from the same origin).
 */
export async function installSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    strictTransportSecurity: config.nodeEnv === 'production' ? HSTS : false,
    crossOriginEmbedderPolicy: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      if (STAFF_PAGES.test(request.url)) reply.header('content-security-policy', STAFF_PAGES_CSP);
    });
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['etag', 'x-request-id', 'location'],
      maxAge: 600,
    });
  }
}
