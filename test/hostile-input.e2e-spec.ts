import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Account } from './support/accounts';
import { createAccount } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

/**
 * The four 500s of issue 11 (found by 22 845 hostile requests) and the HTTP layer's own refusals:
 * each is a 4xx in the error contract that names the field, and nothing is written.
 */
function nested(depth: number): string {
  return '{"email":'.concat('{"a":'.repeat(depth), '1', '}'.repeat(depth), '}');
}

function expectContract(body: unknown, status: number, field?: string): void {
  expect(body).toMatchObject({ statusCode: status, code: expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/), message: expect.any(String) });
  expect(Array.isArray((body as { details: unknown }).details)).toBe(true);
  if (field) expect((body as { details: { field: string }[] }).details.map((d) => d.field)).toContain(field);
}

/** Sends raw bytes over a socket: supertest cannot send oversized headers or lone surrogates byte for byte. */
async function raw(t: TestApp, text: string): Promise<{ status: number; body: unknown }> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += String(chunk)));
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const bodyText = answer.slice(answer.indexOf('\r\n\r\n') + 4);
  return { status, body: bodyText ? JSON.parse(bodyText) : null };
}

describe('hostile input', () => {
  let t: TestApp;
  let officer: Account;
  beforeAll(async () => {
    t = await createTestApp();
    officer = await createAccount(t, 'officer', 'officer@bund.example');
  });
  afterAll(() => t.close());

  it('refuses an e-mail holding a lone UTF-16 surrogate with 400 naming it (was a URIError 500)', async () => {
    const before = await tableCounts(t.dataSource);
    const body = `{"email":"a\\ud800@example.org","password":"a-long-test-password-42","role":"officer"}`;
    const res = await t.http.post('/api/v1/users').set('authorization', officer.auth).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expectContract(res.body, 400, 'email');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('refuses a lone surrogate in an object key; one encoded in a query string reads as U+FFFD', async () => {
    const query = await t.http.get('/api/v1/projects?q=%ED%A0%80');
    expect(query.status).toBe(200);
    const key = await t.http
      .post('/api/v1/users')
      .set('authorization', officer.auth)
      .set('content-type', 'application/json')
      .send('{"email":"x@example.org","password":"a-long-test-password-42","role":"officer","\\udc00":1}');
    expect(key.status).toBe(400);
    expectContract(key.body, 400);
  });

  it('refuses a NUL character in any text (PostgreSQL cannot store it; was a 500 there on a Storno reason)', async () => {
    const kassel = (await t.http.get('/api/v1/projects/kassel').expect(200)).body;
    const before = await tableCounts(t.dataSource);
    const res = await t.http
      .post(`/api/v1/projects/${kassel.id}/commitments`)
      .set('authorization', officer.auth)
      .send({ amountCents: 100, date: '2021-03-15', phase: 'B', note: 'Bescheid\u0000 vom März' });
    expect(res.status).toBe(400);
    expectContract(res.body, 400, 'note');
    expect(res.body.code).toBe('REQUEST.MALFORMED_TEXT');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('refuses JSON nested 5 000 levels deep with 400 (was a stack overflow in class-transformer)', async () => {
    const res = await t.http
      .post('/api/v1/users')
      .set('authorization', officer.auth)
      .set('content-type', 'application/json')
      .send(nested(5000));
    expect(res.status).toBe(400);
    expectContract(res.body, 400);
    expect(res.body.code).toBe('REQUEST.TOO_DEEP');
    expect(res.body.details[0].field).toMatch(/^email\.a\.a/);
  });

  it('still accepts reasonably nested bodies', async () => {
    const res = await t.http
      .post('/api/v1/users')
      .set('authorization', officer.auth)
      .send(JSON.parse(nested(8)));
    expectContract(res.body, 400, 'email');
    expect(res.body.code).toBe('VALIDATION.INVALID');
  });

  it('refuses password: null on PATCH /users/:id with 400 naming password (was a 500 in hashPassword)', async () => {
    const user = await createAccount(t, 'auditor', 'auditor@brh.example');
    const res = await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', officer.auth).send({ password: null });
    expect(res.status).toBe(400);
    expectContract(res.body, 400, 'password');
  });

  it('refuses round: null on POST /exports with 400 naming round (was a 500 in a TypeORM where)', async () => {
    const before = await tableCounts(t.dataSource);
    const res = await t.http.post('/api/v1/exports').set('authorization', officer.auth).send({ format: 'csv', round: null });
    expect(res.status).toBe(400);
    expectContract(res.body, 400, 'round');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('names every optional field sent as null', async () => {
    const res = await t.http
      .post('/api/v1/exports')
      .set('authorization', officer.auth)
      .send({ format: 'csv', state: null, category: null });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['category', 'state']);
  });

  it('answers oversized headers with 431 in the error contract', async () => {
    const res = await raw(t, `GET /api/v1/programme HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(431);
    expectContract(res.body, 431);
  });

  it('answers a request line that is not HTTP with 400 in the error contract', async () => {
    const res = await raw(t, 'HELLO\r\n\r\n');
    expect(res.status).toBe(400);
    expectContract(res.body, 400);
  });

  it('answers malformed JSON, a wrong content type and a too-large body in the contract', async () => {
    const malformed = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(malformed.status).toBe(400);
    expectContract(malformed.body, 400, 'body');
    const wrongType = await t.http.post('/api/v1/auth/login').set('content-type', 'text/plain').send('hello');
    expect(wrongType.status).toBe(415);
    expectContract(wrongType.body, 415);
    const big = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a'.repeat(1024 * 1024 + 10) }));
    expect(big.status).toBe(413);
    expectContract(big.body, 413);
    const proto = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"__proto__":{"x":1},"email":"a@b.c","password":"x"}');
    expect(proto.status).toBe(400);
    expectContract(proto.body, 400);
  });

  it('the browser sign-in takes the same hostile bodies as the login, with the same 16 KiB limit', async () => {
    const route = '/api/v1/auth/session';
    const malformed = await t.http.post(route).set('content-type', 'application/json').send('{"email":');
    expectContract(malformed.body, 400, 'body');
    expect((await t.http.post(route).set('content-type', 'text/plain').send('hello')).status).toBe(415);
    const notAnObject = await t.http.post(route).set('content-type', 'application/json').send('["a@b.c","x"]');
    expect(notAnObject.status).toBe(400);
    const nulls = await t.http.post(route).send({ email: null, password: null });
    expectContract(nulls.body, 400, 'email');
    const big = await t.http
      .post(route)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a'.repeat(20 * 1024), password: 'x' }));
    expect(big.status).toBe(413);
    expectContract(big.body, 413);
  });
});
