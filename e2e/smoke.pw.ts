import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, AccountName, signInViaApi } from './support/accounts';
import { ROOT } from './support/server';

/** The infrastructure itself: the real server answers, serves the web app (or says how to build it), and every fixture account can sign in. */
const built = existsSync(join(ROOT, 'web', 'dist', 'index.html'));

test('the server answers / with a German HTML page', async ({ page }) => {
  const res = await page.goto('/');
  expect(res?.headers()['content-type']).toMatch(/^text\/html/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  if (built) expect(res?.status()).toBe(200);
  else {
    expect(res?.status()).toBe(503);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Die Web-Anwendung ist noch nicht gebaut');
  }
});

test('the API answers with the real portfolio', async ({ request }) => {
  const res = await request.get('/api/v1/programme');
  expect(res.ok()).toBe(true);
  expect(res.headers()['content-type']).toMatch(/json/);
  expect(await res.json()).toMatchObject({ projectCount: 73, budgetCents: 82_000_000_000 });
});

for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
  test(`the ${name} account signs in with the browser session`, async ({ context }) => {
    await signInViaApi(context, name);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'mpsc_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const me = await context.request.get('/api/v1/me');
    expect(await me.json()).toMatchObject({ email: ACCOUNTS[name].email, role: ACCOUNTS[name].role });
  });
}
