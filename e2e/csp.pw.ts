import { expect, test } from '@playwright/test';
import { signIn } from './support/web-app';

/*
 * The web app runs under a strict Content-Security-Policy: scripts and styles only from files, never inline. The
 * policy is applied here as well as by the server (ops' helmet), so the test holds with either.
 */
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none'";

test('no page breaks the Content-Security-Policy', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) refused.push(`${page.url()}: ${message.text()}`);
  });
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
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
