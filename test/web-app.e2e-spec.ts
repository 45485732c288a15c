import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The web app served at `/` from WEB_ROOT, here a small fixture build: its files with the right
 * cache headers, deep links falling back to index.html, and the API, docs and health never shadowed.
 */
const MARKER = 'fixture-web-app-index';
const INDEX = `<!doctype html><html lang="de"><head><title>MPSC</title><script type="module" src="/assets/index-AbCd1234.js"></script></head><body><div id="root">${MARKER}</div></body></html>`;
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function fixtureBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'mpsc-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  const script = `console.log(${JSON.stringify('app '.repeat(1000))});`;
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), script);
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js.br'), brotliCompressSync(script));
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js.gz'), gzipSync(script));
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

describe('serving the built web app', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = fixtureBuild();
    t = await createTestApp({ webRoot: root });
  });
  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / with the app (German HTML, revalidated on every load)', async () => {
    const res = await t.http.get('/').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<html lang="de">');
  });

  it.each(['/projekte', '/projekte/kassel', '/projekte?staffel=2&land=DE-HE&seite=2', '/projekte/kassel/finanzen', '/anmelden?weiter=%2Fcockpit', '/cockpit'])(
    'falls back to index.html for the deep link %s',
    async (path) => {
      const res = await t.http.get(path).set('Accept', HTML).expect(200);
      expect(res.text).toContain(MARKER);
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves hashed assets for a year (immutable), other files for an hour', async () => {
    const js = await t.http.get('/assets/index-AbCd1234.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.http.get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('sends the build\'s brotli or gzip copy to a browser that accepts it, the plain file otherwise', async () => {
    const br = await t.http.get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'gzip, deflate, br').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await t.http.get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toContain('app app');
    const plain = await t.http.get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toContain('app app');
  });

  it('never shadows the API, its documents, health or the admin paths, even for a browser', async () => {
    const programme = await t.http.get('/api/v1/programme').set('Accept', HTML).expect(200);
    expect(programme.body).toMatchObject({ projectCount: 73 });
    for (const path of ['/api/v1/nowhere', '/api/v2/programme', '/api', '/admin', '/admin/queues', '/metrics']) {
      const res = await t.http.get(path).set('Accept', HTML);
      expect({ path, status: res.status, json: res.headers['content-type'] }).toEqual({ path, status: res.status, json: expect.stringMatching(/json/) });
      expect(res.text).not.toContain(MARKER);
      if (path.startsWith('/api')) expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND', details: [] });
    }
    const docs = await t.http.get('/docs').set('Accept', HTML).expect(200);
    expect(docs.text).toMatch(/swagger/i);
    expect(docs.text).not.toContain(MARKER);
    const json = await t.http.get('/docs-json').set('Accept', HTML).expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    const health = await t.http.get('/health').set('Accept', HTML).expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('answers a missing file, a non-HTML request and a POST to a page with the JSON 404, not the app', async () => {
    for (const res of [
      await t.http.get('/assets/index-missing0.js').set('Accept', '*/*'),
      await t.http.get('/projekte/kassel').set('Accept', 'application/json'),
      await t.http.post('/projekte').set('Accept', HTML).send({}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
    }
  });
});

describe('without a web build', () => {
  it('still serves the API, and / says in German how to build the app', async () => {
    const t = await createTestApp({ webRoot: join(tmpdir(), 'mpsc-no-web-build-here') });
    try {
      const res = await t.http.get('/').set('Accept', HTML).expect(503);
      expect(res.text).toContain('<html lang="de">');
      expect(res.text).toContain('npm run build');
      await t.http.get('/api/v1/programme').expect(200);
      await t.http.get('/projekte').set('Accept', HTML).expect(404);
    } finally {
      await t.close();
    }
  });
});
