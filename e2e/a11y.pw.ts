import { expect, test } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { signIn } from './support/web-app';

/* axe-core on every page of the web app: no serious or critical violation (WCAG 2.1 A and AA rules). */
const publicPages = [
  { path: '/', heading: 'Modellprojekte Smart Cities' },
  { path: '/projekte?land=DE-HE', heading: 'Projekte' },
  { path: '/projekte/kassel', heading: 'Kassel' },
  { path: '/anmelden', heading: 'Anmelden' },
  { path: '/gibt-es-nicht', heading: 'Seite nicht gefunden' },
];
const officerPages = [
  { path: '/cockpit', heading: 'Cockpit' },
  { path: '/projekte/kassel/finanzen', heading: 'Finanzen: Kassel' },
  { path: '/exporte', heading: 'Exporte' },
  { path: '/import', heading: 'Import' },
  { path: '/protokoll', heading: 'Protokoll' },
  { path: '/pruefung', heading: 'Prüfung eingereichter Berichte' },
  { path: '/handlungsfelder', heading: 'Handlungsfelder' },
  { path: '/konten', heading: 'Konten' },
  { path: '/benachrichtigungen', heading: 'Benachrichtigungen' },
];

test.describe('accessibility (axe)', () => {
  for (const { path, heading } of publicPages) {
    test(`${path} has no serious or critical violation`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('the sign-in form with errors has no serious or critical violation', async ({ page }) => {
    await page.goto('/anmelden');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  // One test per page (each with its own time budget: nine axe runs in one test outlasted it on a loaded machine).
  for (const { path, heading } of officerPages) {
    test(`the officer page ${path} has no serious or critical violation`, async ({ page }) => {
      await signIn(page);
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
      expect(await seriousViolations(page), path).toEqual([]);
    });
  }

  test('the ledger form showing its errors has no serious or critical violation', async ({ page }) => {
    await signIn(page);
    await page.goto('/projekte/kassel/finanzen');
    await page.getByRole('button', { name: 'Auszahlung speichern' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
