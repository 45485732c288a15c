import { expect, type Page } from '@playwright/test';

/*
 * Helpers of the web app's journeys. The officer is the account the server creates at start-up
 * (ADMIN_EMAIL/ADMIN_PASSWORD); the shared setup may pass others through the same variables.
 */
export const officer = {
  email: process.env.E2E_OFFICER_EMAIL ?? 'office@bund.example',
  password: process.env.E2E_OFFICER_PASSWORD ?? 'change-me-long-password',
};

/** Signs in through the page, the way a person does, and waits until the header shows the account. */
export async function signIn(page: Page, account = officer, weiter = '/'): Promise<void> {
  await page.goto(`/anmelden?weiter=${encodeURIComponent(weiter)}`);
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

export function screenshotPath(name: string): string {
  return `docs/screenshots/${name}.png`;
}
