import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './processes';
import { startNode } from './processes';
import { freePort } from './services';
import { waitFor } from './wait';

export const ADMIN = { email: 'office@bund.example', password: 'a-long-admin-password-42' };

export interface ApiProcess extends Child {
  base: string;
  /** fetch against the process, with a deadline so a hung answer fails the test instead of blocking it. */
  call(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<{ status: number; body: any; ms: number }>;
  login(): Promise<string>;
}

/** `npm start` as a real process (dist/main.js) on a free port, with an officer from ADMIN_EMAIL/ADMIN_PASSWORD. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = startNode('main.js', {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ARTIFACTS_DIR: mkdtempSync(join(tmpdir(), 'mpsc-artifacts-')),
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  const call: ApiProcess['call'] = async (path, init = {}) => {
    const started = Date.now();
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, ms: Date.now() - started };
  };
  await waitFor(
    async () =>
      child.process.exitCode !== null
        ? -1
        : await call('/health').then(
            (r) => r.status,
            () => 0,
          ),
    (status) => status === 200 || status === -1,
    90_000,
    `API on ${port}`,
  );
  if (child.process.exitCode !== null) throw new Error(`API exited: ${child.output()}`);
  const login = async () => (await call('/api/v1/auth/login', { method: 'POST', json: ADMIN })).body.accessToken as string;
  return { ...child, base, call, login };
}
