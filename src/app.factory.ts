import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import fastifyCookie from '@fastify/cookie';
import type { DynamicModule, LogLevel, Type } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { urlRefused } from './common/errors/request.errors';
import type { AppConfig } from './config/app-config';
import { httpServerOptions, NEST_HTTP_OPTIONS, prepareHttp } from './http/http-setup';
import { mountQueueDashboard } from './jobs/queue-dashboard';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { mountWebApp } from './web/web-app';

export const API_PREFIX = 'api/v1';
export { BODY_LIMIT_BYTES } from './http/json-body';

const NEST_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  silent: [],
};

function requestId(header: unknown): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : randomUUID();
}

/**
 * Builds the HTTP application exactly as it runs in production; tests use the same function.
 * extraModules: mounted beside AppModule, for benchmarks (bench/api.ts adds a bare baseline route); production passes none.
 */
export async function createApp(config: AppConfig, extraModules: (Type | DynamicModule)[] = []): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    ...httpServerOptions(),
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    genReqId: (req: { headers: Record<string, unknown> }) => requestId(req.headers['x-request-id']),
    // The router refuses a malformed %-escape (400) or an over-long path parameter (414)
    // before Nest sees the request, so its filter cannot shape these: answer in the contract here.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const body = urlRefused(error.code === 'FST_ERR_MAX_PARAM_LENGTH');
      void reply.code(body.statusCode).send(body);
    },
  });
  const levels = NEST_LEVELS[config.logLevel];
  const root = AppModule.forRoot(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    extraModules.length ? { ...root, imports: [...(root.imports ?? []), ...extraModules] } : root,
    adapter,
    {
      logger: levels.length ? new ConsoleLogger({ json: config.nodeEnv === 'production', logLevels: levels }) : false,
      abortOnError: false,
      ...NEST_HTTP_OPTIONS,
    },
  );
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  await prepareHttp(app, config);
  // Parses the browser session cookies (mpsc_session, mpsc_csrf) into request.cookies for the AuthGuard.
  await app.register(fastifyCookie);
  // multipart/form-data for bulk imports; each route sets its own file size limit (IMPORT_MAX_BYTES).
  await app.register(fastifyMultipart as never);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });

  await mountQueueDashboard(app);
  await mountWebApp(app, config.webRoot);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
