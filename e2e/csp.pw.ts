import { expect, test } from '@playwright/test';
import { underStrictCsp } from './support/csp';
import { signIn } from './support/web-app';

/* Every page of the web app under the strict Content-Security-Policy (e2e/support/csp.ts). */
test('no page breaks the Content-Security-Policy', async ({ page }) => {
  const refused = await underStrictCsp(page);
  await page.goto('/');
  await expect(page.getByRole('table', { name: /Förderung nach Land/ })).toBeVisible();
  await page.goto('/projekte?land=DE-HE');
  await expect(page.getByRole('heading', { name: '4 Projekte gefunden' })).toBeVisible();
  await page.goto('/projekte/kassel');
  await expect(page.getByRole('heading', { level: 1, name: 'Kassel' })).toBeVisible();
  await signIn(page, undefined, '/cockpit');
  await page.getByRole('button', { name: 'Neue Auswertung starten' }).click();
  await expect(page.getByText('Die Auswertung ist fertig')).toBeVisible();
  await page.getByRole('tab', { name: 'Nach Land' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Nach Land' })).toBeVisible();
  await page.goto('/projekte/kassel/finanzen');
  await page.getByRole('button', { name: 'Zusage speichern' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' })).toBeVisible();
  await page.goto('/exporte');
  await expect(page.getByRole('heading', { level: 1, name: 'Exporte' })).toBeVisible();
  expect(refused).toEqual([]);
});
