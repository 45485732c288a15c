import { randomUUID } from 'node:crypto';
import { ConsoleLogger, DynamicModule, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { httpServerOptions, NEST_HTTP_OPTIONS, prepareHttp } from './http/http-setup';
import { mountQueueDashboard } from './jobs/queue-dashboard';

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
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const statusCode = tooLong ? 414 : 400;
      const message = tooLong ? 'A path parameter in the URL is too long.' : 'The URL is not valid (a %-escape does not decode).';
      void reply.code(statusCode).send({
        statusCode,
        code: tooLong ? 'REQUEST.URI_TOO_LONG' : 'REQUEST.MALFORMED_URL',
        message,
        details: [{ field: 'url', message }],
      });
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
  app.getHttpAdapter().getInstance().addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await prepareHttp(app, config);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mpsc-tracker')
      .setDescription(
        'Funding and portfolio tracker for the federal programme Modellprojekte Smart Cities. Money is integer euro cents in fields named …Cents; null means unknown, never 0. Errors: { statusCode, code, message, details }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });

  await mountQueueDashboard(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
