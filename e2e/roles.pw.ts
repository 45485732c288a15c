import { expect, test } from '@playwright/test';
import { ACCOUNTS } from './support/accounts';
import { signIn } from './support/web-app';

test.describe('navigation follows the role', () => {
  test('a visitor sees the public pages only', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link')).toHaveText(['Übersicht', 'Projekte']);
    await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
  });

  test('Kassel reads its own ledger but records nothing, has no cockpit, and cannot open Darmstadt’s ledger', async ({ page }) => {
    await signIn(page, ACCOUNTS.kassel, '/projekte/kassel/finanzen');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link')).toHaveText(['Übersicht', 'Projekte', 'Meine Projekte', 'Exporte', /^Benachrichtigungen( \(\d+ ungelesen\))?$/]);
    await expect(page.getByRole('heading', { level: 1, name: 'Finanzen: Kassel' })).toBeVisible();
    await expect(page.getByText('Nur die Programmstelle erfasst Zusagen und Auszahlungen.')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Zusage erfassen' })).toHaveCount(0);

    await page.goto('/projekte/darmstadt/finanzen');
    await expect(page.getByText('Seite nicht gefunden')).toBeVisible();
    await page.goto('/cockpit');
    await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff' })).toBeVisible();
    await page.goto('/import');
    await expect(page.getByRole('heading', { level: 1, name: 'Kein Zugriff' })).toBeVisible();
  });

  test('an auditor sees the cockpit without the button that starts a roll-up', async ({ page }) => {
    await signIn(page, ACCOUNTS.auditor, '/cockpit');
    await expect(page.getByRole('heading', { level: 1, name: 'Cockpit' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Berichte im Verzug' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Neue Auswertung starten' })).toHaveCount(0);
  });
});
