import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';

/**
 * The accounts the browser tests sign in with. The global setup (e2e/support/server.ts) starts the
 * server with ADMIN as its first officer, then creates the others through the API.
 */
export type Role = 'officer' | 'auditor' | 'municipality';

export interface Account {
  email: string;
  password: string;
  role: Role;
  /** For municipality accounts: the project whose lead body the account acts for. */
  projectSlug?: string;
}

const PASSWORD = 'e2e-browser-password-2026';

export const ACCOUNTS = {
  admin: { email: 'admin@bund.example', password: PASSWORD, role: 'officer' },
  officer: { email: 'referentin@bund.example', password: PASSWORD, role: 'officer' },
  auditor: { email: 'pruefer@brh.example', password: PASSWORD, role: 'auditor' },
  kassel: { email: 'smart@kassel.example', password: PASSWORD, role: 'municipality', projectSlug: 'kassel' },
  darmstadt: { email: 'digital@darmstadt.example', password: PASSWORD, role: 'municipality', projectSlug: 'darmstadt' },
} as const satisfies Record<string, Account>;

export type AccountName = keyof typeof ACCOUNTS;

/**
 * Signs in through the API's browser session (POST /api/v1/auth/session): the page's context gets the
 * same HttpOnly cookie and CSRF cookie a sign-in form would give. For journeys that are not about
 * signing in; a journey that is, fills the form at /anmelden.
 */
export async function signInViaApi(target: Page | BrowserContext | APIRequestContext, name: AccountName): Promise<void> {
  const request = 'request' in target ? target.request : target;
  const { email, password } = ACCOUNTS[name];
  const res = await request.post('/api/v1/auth/session', { data: { email, password } });
  if (res.status() !== 204) throw new Error(`sign-in as ${name} answered ${res.status()}: ${await res.text()}`);
}

/** The CSRF token a cookie-authenticated write must send as X-CSRF-Token (the mpsc_csrf cookie's value). */
export async function csrfToken(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'mpsc_csrf');
  if (!cookie) throw new Error('not signed in: no mpsc_csrf cookie');
  return cookie.value;
}
