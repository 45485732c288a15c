import { ConfigError, loadConfig } from '../src/config/app-config';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/** Issue 11, item 4: what a security audit reads from the answers of the API, the web app's address and the docs. */
function csp(header: unknown): Record<string, string> {
  const directives: Record<string, string> = {};
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values.join(' ');
  }
  return directives;
}

function expectBaseline(headers: Record<string, unknown>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['x-request-id']).toEqual(expect.any(String));
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('security headers and limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends a strict CSP on API answers, errors included, and no HSTS outside production', async () => {
    for (const res of [await t.http.get('/api/v1/programme').expect(200), await t.http.get('/api/v1/projects/nowhere').expect(404)]) {
      expectBaseline(res.headers);
      expect(csp(res.headers['content-security-policy'])).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' data:",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends the same strict CSP on / (the web app; without a build, its fallback answer): no inline scripts or styles', async () => {
    const res = await t.http.get('/');
    expectBaseline(res.headers);
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self'");
    expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('lets Swagger UI at /docs load: scripts only from the service, its inline styles allowed there only', async () => {
    const page = await t.http.get('/docs').redirects(1).expect(200);
    expectBaseline(page.headers);
    const policy = csp(page.headers['content-security-policy']);
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self' 'unsafe-inline'");
    // Every script the page loads is a file of the service (script-src 'self' allows it), none inline.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect({ attributes, inline: body.trim() }).toEqual({ attributes: expect.stringMatching(/src=/), inline: '' });
      const src = /src="([^"]+)"/.exec(attributes)?.[1] as string;
      await t.http.get(new URL(src, 'http://x/docs').pathname).expect(200);
    }
  });

  it('echoes a client x-request-id and makes one up otherwise', async () => {
    const mine = await t.http.get('/api/v1/rounds').set('x-request-id', 'lb-1234.abc').expect(200);
    expect(mine.headers['x-request-id']).toBe('lb-1234.abc');
    const odd = await t.http.get('/api/v1/rounds').set('x-request-id', 'has spaces and <html>').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers no CORS preflight by default', async () => {
    const res = await t.http.options('/api/v1/programme').set('origin', 'https://evil.example').set('access-control-request-method', 'GET');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits the login body to 16 KB while other routes take 1 MB', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'a@b.c', password: 'x'.repeat(20_000) });
    expect(login.status).toBe(413);
    expect(login.body).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE' });
    const other = await t.http.post('/api/v1/rollups').send({ kind: 'x'.repeat(20_000) });
    expect(other.status).toBe(401);
  });
});

describe('security headers in production and with CORS configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ nodeEnv: 'production', corsOrigins: ['https://tracker.example.org'] });
  });
  afterAll(() => t.close());

  it('sends HSTS under NODE_ENV=production', async () => {
    const res = await t.http.get('/api/v1/programme').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('allows the configured origin only', async () => {
    const allowed = await t.http
      .options('/api/v1/programme')
      .set('origin', 'https://tracker.example.org')
      .set('access-control-request-method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://tracker.example.org');
    const other = await t.http
      .options('/api/v1/programme')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'GET');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example, https://bad.example/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example,http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });
});
