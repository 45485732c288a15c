import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { IS_PUBLIC, ROLES } from '../auth/auth.decorators';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/session-cookies';

const ERROR_SCHEMA = 'ErrorResponse';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What the route's decorators say about who may call it: read from the handler, so the document cannot drift. */
interface RouteFacts {
  isPublic: boolean;
  roles: string[] | undefined;
}

/** The 4xx answers every operation documents beyond its own, derived from its guards, roles and inputs. */
function derivedErrors(method: string, path: string, op: OperationObject, facts: RouteFacts): Record<number, string> {
  const params = (op.parameters ?? []) as ParameterObject[];
  const errors: Record<number, string> = {};
  if (params.some((p) => p.in !== 'header') || op.requestBody) {
    errors[400] = 'The request is not valid: VALIDATION.INVALID, `details[].field` names each offending field.';
  }
  if (op.requestBody) errors[413] = 'The body is larger than 1 MB (REQUEST.TOO_LARGE).';
  if (!facts.isPublic) {
    errors[401] = 'No valid bearer token or session cookie (AUTH.TOKEN_MISSING, AUTH.TOKEN_INVALID, AUTH.TOKEN_EXPIRED).';
    const reasons = [facts.roles ? `the role is not ${facts.roles.join(' or ')} (AUTH.ROLE_NOT_ALLOWED)` : null];
    if (method !== 'get') reasons.push(`a session-cookie request without the ${CSRF_COOKIE} value in X-CSRF-Token (AUTH.CSRF_TOKEN_INVALID)`);
    const given = reasons.filter((r): r is string => r !== null);
    if (given.length) errors[403] = `Refused: ${given.join('; or ')}.`;
  }
  if (/\{[^}]+\}/.test(path)) errors[404] = 'Nothing with this id, or nothing the caller may see (<ENTITY>.NOT_FOUND).';
  const ifMatch = params.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
  if (ifMatch) {
    errors[409] = 'If-Match names an older version than the current one (…VERSION_CONFLICT).';
    if (ifMatch.required) errors[428] = 'If-Match is missing (…IF_MATCH_REQUIRED).';
  }
  return errors;
}

/** Every 4xx answer refers to the one error contract { statusCode, code, message, details }. */
function withErrorBody(response: ResponseObject | ReferenceObject): ResponseObject | ReferenceObject {
  if ('$ref' in response || response.content) return response;
  return { ...response, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } } };
}

/** Handlers by Swagger's default operation id (`Controller_method`), with what their decorators declare. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const read = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        facts.set(`${controller.name}_${name}`, { isPublic: read<boolean>(IS_PUBLIC) === true, roles: read<string[]>(ROLES) });
      }
    }
  }
  return facts;
}

/**
 * Completes what Swagger derives from the decorators: `security: []` on @Public routes and bearer
 * or session cookie on the rest; the 4xx answers each route can give (validation, auth, roles, CSRF,
 * not found, version conflicts), all in the error contract. Fails loudly for an operation it cannot
 * trace to a handler, so a route cannot slip through undocumented.
 */
export function completeOperations(document: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const route = facts.get(op.operationId ?? '');
      if (!route) throw new Error(`OpenAPI: no handler found for ${method.toUpperCase()} ${path} (${op.operationId})`);
      op.security = route.isPublic ? [] : [{ bearer: [] }, { cookie: [] }];
      const responses = op.responses as Record<string, ResponseObject | ReferenceObject>;
      for (const [status, description] of Object.entries(derivedErrors(method, path, op, route))) {
        responses[status] ??= { description };
      }
      for (const status of Object.keys(responses)) if (/^4/.test(status)) responses[status] = withErrorBody(responses[status]);
    }
  }
  return document;
}

/** The OpenAPI 3 document of every route, as served at /docs-json and written by `dist/scripts/openapi-dump.js`. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mpsc-tracker')
      .setDescription(
        'Funding and portfolio tracker for the federal programme Modellprojekte Smart Cities. Money is integer euro cents in fields named …Cents; null means unknown, never 0. Errors: { statusCode, code, message, details }. ' +
          `Authenticate with a bearer token (POST /api/v1/auth/login) or, in a browser, the ${SESSION_COOKIE} cookie (POST /api/v1/auth/session); cookie writes also send X-CSRF-Token.`,
      )
      .setVersion('1')
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      .addServer('/', 'This server (paths include /api/v1).')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'cookie')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [ERROR_SCHEMA]: {
        type: 'object',
        required: ['statusCode', 'code', 'message', 'details'],
        properties: {
          statusCode: { type: 'integer', example: 400 },
          code: { type: 'string', example: 'VALIDATION.INVALID', description: 'Stable machine-readable code, AREA.REASON.' },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: { field: { type: 'string', example: 'amountCents' }, message: { type: 'string' } },
              additionalProperties: true,
            },
          },
        },
      },
    },
  };
  return completeOperations(document, routeFacts(app));
}
