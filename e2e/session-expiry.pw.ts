import { expect, test } from '@playwright/test';
import { officer, signIn } from './support/web-app';

test('when the session has expired, sign-in leads back to the same page with the typed amounts still there', async ({ page, context }) => {
  await signIn(page, officer, '/projekte/konstanz/finanzen');
  await expect(page.getByRole('heading', { level: 1, name: 'Finanzen: Konstanz' })).toBeVisible();
  const commit = page.getByRole('form', { name: 'Zusage erfassen' });
  await commit.getByLabel('Betrag in Euro').fill('500.000,00');
  await commit.getByLabel('Datum').fill('2020-10-01');
  await commit.getByLabel('Notiz (freiwillig)').fill('Bescheid vom 1. Oktober');

  await context.clearCookies(); // the session ends while the officer is typing
  await commit.getByRole('button', { name: 'Zusage speichern' }).click();
  await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fprojekte%2Fkonstanz%2Ffinanzen$/);
  await expect(page.getByText('Bitte melden Sie sich an, um diese Seite zu sehen.')).toBeVisible();
  await page.getByLabel('E-Mail-Adresse').fill(officer.email);
  await page.getByLabel('Passwort').fill(officer.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();

  await expect(page).toHaveURL(/\/projekte\/konstanz\/finanzen$/);
  const again = page.getByRole('form', { name: 'Zusage erfassen' });
  await expect(again.getByLabel('Betrag in Euro')).toHaveValue('500.000,00');
  await expect(again.getByLabel('Datum')).toHaveValue('2020-10-01');
  await expect(again.getByLabel('Notiz (freiwillig)')).toHaveValue('Bescheid vom 1. Oktober');
  await again.getByRole('button', { name: 'Zusage speichern' }).click();
  await expect(again.getByText('Zusage über 500.000,00 € gespeichert.')).toBeVisible();
  await expect(again.getByLabel('Betrag in Euro')).toHaveValue('');

  // Signing out leaves no draft behind in the tab, nor a report's unsaved text in the browser.
  await again.getByLabel('Betrag in Euro').fill('1,00');
  await page.evaluate("localStorage.setItem('mpsc.bericht.999999.entwurf', JSON.stringify({ baseVersion: 1, draft: {} }))");
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
  expect(await page.evaluate("Object.keys(sessionStorage).filter((k) => k.startsWith('mpsc-entwurf:'))")).toEqual([]);
  expect(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('mpsc.bericht.'))")).toEqual([]);
});
