import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ACCOUNTS, type Account } from './accounts';

/* Helpers of the web app's journeys, on the shared setup (e2e/support/server.ts, accounts.ts). */
export const officer: Account = ACCOUNTS.officer;

/** Signs in through the form at /anmelden, the way a person does, and waits until the header shows the account. */
export async function signIn(page: Page, account: Account = officer, weiter = '/'): Promise<void> {
  await page.goto(`/anmelden?weiter=${encodeURIComponent(weiter)}`);
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

/** README screenshots live in docs/screenshots/, written by the journeys. */
export function screenshotPath(name: string): string {
  return join(__dirname, '..', '..', 'docs', 'screenshots', `${name}.png`);
}
