import { createAccount } from './support/accounts';
import { finishedExport, requestExport } from './support/exports';
import { freePort } from './support/services';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/** Issue 11, item 5: GET /metrics in Prometheus text format, behind a token or on a port of its own. */
const TOKEN = 'metrics-token-0123456789abcdef';

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('metrics with a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ metrics: { token: TOKEN, port: null, host: '127.0.0.1' } });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token, in the error contract', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789abcd', `Bearer ${TOKEN}x`]) {
      const req = t.http.get('/metrics');
      const res = await (auth ? req.set('authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
    }
  });

  it('counts requests by route pattern and status, and reports job runs by kind and outcome with their durations', async () => {
    await t.http.get('/api/v1/programme').expect(200);
    await t.http.get('/api/v1/programme').expect(200);
    await t.http.get('/api/v1/projects/nowhere').expect(404);
    const officer = await createAccount(t, 'officer', 'officer@bund.example');
    const run = (await requestExport(t, officer.auth, { format: 'csv' }).expect(202)).body;
    expect((await finishedExport(t, officer.auth, run.id)).status).toBe('completed');

    const res = await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(res.text, 'mpsc_http_requests_total', { method: 'GET', route: '/api/v1/programme', status: '200' })).toBe(2);
    expect(sample(res.text, 'mpsc_http_requests_total', { route: '/api/v1/projects/:id', status: '404' })).toBe(1);
    expect(sample(res.text, 'mpsc_http_request_duration_seconds_count', { route: '/api/v1/programme', status: '200' })).toBe(2);
    expect(sample(res.text, 'mpsc_job_runs', { kind: 'export', status: 'completed' })).toBe(1);
    expect(sample(res.text, 'mpsc_job_run_duration_seconds_count', { kind: 'export', outcome: 'completed' })).toBe(1);
    expect(sample(res.text, 'mpsc_job_run_duration_seconds_sum', { kind: 'export', outcome: 'completed' })).toBeGreaterThan(0);
    expect(sample(res.text, 'mpsc_job_queue_depth', { state: 'queued' })).toBe(0);
    expect(sample(res.text, 'mpsc_jobs_scrape_ok')).toBe(1);
    expect(sample(res.text, 'mpsc_queue_up')).toBe(1);
    expect(sample(res.text, 'mpsc_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('metrics on a port of their own', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ metrics: { token: null, port, host: '127.0.0.1' } });
  });
  afterAll(() => t.close());

  it('serves /metrics there and not on the API port', async () => {
    await t.http.get('/api/v1/rounds').expect(200);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(sample(await res.text(), 'mpsc_http_requests_total', { route: '/api/v1/rounds', status: '200' })).toBe(1);
    await t.http.get('/metrics').expect(404);
  });
});

describe('metrics when not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has no /metrics route', async () => {
    const res = await t.http.get('/metrics').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
  });
});
