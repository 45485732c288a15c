import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiProcess } from './support/api-process';
import { ADMIN, startApi } from './support/api-process';
import { buildOnce } from './support/processes';

/** Issue 11, item 3: SIGTERM to the API during requests: those in flight finish, new ones are refused, exit code 0. */
function openRequest(port: number, body: string): { socket: Socket; sendRest: () => void; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /api/v1/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  );
  let data = '';
  socket.on('data', (chunk) => (data += String(chunk)));
  const answer = new Promise<string>((resolve) => {
    socket.on('data', () => {
      if (/\r\n\r\n[\s\S]*\}$/.test(data)) resolve(data);
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
  return { socket, sendRest: () => socket.write(body.slice(half)), answer };
}

describe('SIGTERM during requests', () => {
  let api: ApiProcess;
  let dir: string;

  beforeAll(async () => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'mpsc-shutdown-'));
    api = await startApi({ DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes the requests in flight, refuses new ones, and exits with code 0', async () => {
    const port = Number(new URL(api.base).port);
    const body = JSON.stringify(ADMIN);
    const inFlight = [openRequest(port, body), openRequest(port, body), openRequest(port, body)];
    await new Promise((resolve) => setTimeout(resolve, 300));

    api.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A new request is refused in the error contract (or, once the server has closed, its connection).
    const refused = await fetch(`${api.base}/api/v1/programme`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(refused);

    for (const request of inFlight) request.sendRest();
    const answers = await Promise.all(inFlight.map((r) => r.answer));
    for (const request of inFlight) request.socket.destroy();
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toMatch(/"accessToken":"/);
    }
    expect(await api.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
