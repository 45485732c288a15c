import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths the web app never answers: the API, its documents, the queue dashboard, health and metrics. */
const NOT_THE_WEB_APP = /^\/(?:api|admin|health|metrics)(?:[/?]|$)|^\/docs/;

/** Vite's content-hashed build output (`assets/index-B3x9_kQa.js`): its name changes whenever its content does. */
const HASHED_ASSET = /[/\\]assets[/\\][^/\\]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export const LONG_CACHE = 'public, max-age=31536000, immutable';

function cacheControl(sent: string): string {
  const path = sent.replace(/\.(br|gz|deflate)$/, ''); // a precompressed copy caches like its original
  if (path.endsWith('.html')) return 'no-cache';
  return HASHED_ASSET.test(path) ? LONG_CACHE : 'public, max-age=3600';
}

const NOT_BUILT = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>mpsc-tracker</title></head>
<body><main><h1>Die Web-Anwendung ist noch nicht gebaut</h1>
<p>Bauen Sie sie mit <code>npm run build</code> und starten Sie den Dienst neu. Die API läuft: <a href="/api/v1/programme">/api/v1/programme</a>, Dokumentation unter <a href="/docs">/docs</a>.</p>
<p lang="en">The web app is not built: run <code>npm run build</code> and restart. The API is up.</p></main></body></html>
`;

const acceptsHtml = (request: FastifyRequest): boolean => (request.headers.accept ?? '').includes('text/html');

/**
 * Serves the built web app (config.webRoot, `web/dist`) at `/`: its files as they are, and
 * index.html for any other HTML GET outside the API paths, so deep links (`/projekte/kassel`)
 * open the app. Unknown API paths still reach Nest's JSON 404. Without a build, the API
 * runs alone and `/` says how to build.
 */
export async function mountWebApp(app: NestFastifyApplication, webRoot: string): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(webRoot, 'index.html'))) {
    fastify.get('/', async (_request, reply) => reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT));
    return false;
  }
  await app.register(fastifyStatic as never, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    // The build writes .br and .gz beside each text file (scripts/build.js): sent to browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders: (reply: FastifyReply, path: string) => reply.header('cache-control', cacheControl(path)),
  });
  fastify.get('/*', async (request, reply) => {
    const path = request.url;
    if (NOT_THE_WEB_APP.test(path) || !acceptsHtml(request)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot, { cacheControl: false });
  });
  return true;
}
