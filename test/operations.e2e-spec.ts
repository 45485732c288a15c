import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/** What operators and client authors rely on besides the data: the health check and the API description. */
interface Route {
  method: string;
  path: string;
}

/** Every route the Nest controllers declare, as OpenAPI writes it ("/api/v1/projects/{id}"). */
function declaredRoutes(t: TestApp): Route[] {
  const routes: Route[] = [];
  const join = (...parts: (string | undefined)[]) =>
    `/${parts
      .flatMap((p) => (p ?? '').split('/'))
      .filter(Boolean)
      .join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller)].flat() as string[];
      const proto = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = proto[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) {
            const full = join(prefix, path);
            routes.push({ method: RequestMethod[method].toLowerCase(), path: full === '/health' ? full : join('api/v1', full) });
          }
        }
      }
    }
  }
  return routes;
}

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health with 200 and status ok once the database is reachable', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves /health outside /api/v1 only', async () => {
    await t.http.get('/api/v1/health').expect(404);
  });

  describe('the API description', () => {
    let doc: {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { summary?: string; description?: string }>>;
    };
    beforeAll(async () => {
      doc = (await t.http.get('/docs-json').expect(200).expect('content-type', /json/)).body;
    });

    it('is OpenAPI 3', () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBe('mpsc-tracker');
    });

    it('describes the portfolio routes', () => {
      for (const path of [
        '/api/v1/programme',
        '/api/v1/rounds',
        '/api/v1/categories',
        '/api/v1/states',
        '/api/v1/projects',
        '/api/v1/projects/{id}',
      ]) {
        expect({ path, summary: doc.paths[path]?.get?.summary ?? doc.paths[path]?.get?.description }).toEqual({
          path,
          summary: expect.stringMatching(/\w{3}/),
        });
      }
    });

    it('documents the project list filters, and their allowed values', () => {
      const op = doc.paths['/api/v1/projects'].get as unknown as { parameters: { name: string; schema?: { enum?: string[] } }[] };
      const names = op.parameters.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['round', 'category', 'state', 'status', 'q', 'sort', 'limit', 'offset']));
      expect(op.parameters.find((p) => p.name === 'state')?.schema?.enum).toHaveLength(16);
    });

    it('contains every route the app registers under /api/v1, each with a description', () => {
      const routes = declaredRoutes(t).filter((r) => r.path.startsWith('/api/v1/'));
      expect(routes).toEqual(
        expect.arrayContaining([
          { method: 'get', path: '/api/v1/programme' },
          { method: 'get', path: '/api/v1/projects/{id}' },
          { method: 'post', path: '/api/v1/auth/login' },
        ]),
      );
      const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]);
      const undescribed = routes.filter((r) => {
        const op = doc.paths[r.path]?.[r.method];
        return op && !(op.summary ?? op.description);
      });
      expect({ missing, undescribed }).toEqual({ missing: [], undescribed: [] });
    });

    it('declares every path parameter once, as required, on every operation (ids through @IdParam)', () => {
      const wrong: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const [method, op] of Object.entries(
          operations as Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>,
        )) {
          const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
          const ok =
            names.every((n) => declared.filter((p) => p.name === n && p.required).length === 1) && declared.length === names.length;
          if (!ok) wrong.push(`${method.toUpperCase()} ${path}: ${declared.map((p) => p.name).join(',') || 'none'}`);
        }
      }
      expect(wrong).toEqual([]);
      const idOf = (path: string, method: string) =>
        (doc.paths[path][method] as unknown as { parameters: { name: string; in: string; schema?: { type?: string } }[] }).parameters.find(
          (p) => p.in === 'path' && p.name === 'id',
        );
      expect(idOf('/api/v1/users/{id}', 'get')?.schema?.type).toBe('integer');
      expect(idOf('/api/v1/users/{id}', 'patch')?.schema?.type).toBe('integer');
      expect(idOf('/api/v1/notifications/{id}/read', 'post')?.schema?.type).toBe('integer');
      expect(idOf('/api/v1/jobs/{id}', 'get')?.schema).toEqual({ type: 'string', format: 'uuid' });
    });
  });

  it('serves the Swagger UI at /docs as HTML', async () => {
    const res = await t.http.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});
