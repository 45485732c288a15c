import { expect, test } from '@playwright/test';
import { signInViaApi } from './support/accounts';
import { underStrictCsp } from './support/csp';
import { expectAccessible, isFocused, token } from './support/reports';

/* Issue 10: the officer's accounts page, the inbox, who sees which button, and the report editor by keyboard alone. */

test('the officer creates a municipality account bound to its body; a taken e-mail and a short password are refused at the field', async ({ page, request }) => {
  const lead = (await (await request.get('/api/v1/projects/kassel')).json()).lead.name as string;
  await signInViaApi(page, 'officer');
  await page.goto('/konten');
  await expect(page.getByRole('heading', { level: 1, name: 'Konten' })).toBeVisible();
  await page.getByLabel('E-Mail-Adresse').fill('smart@kassel.example');
  await page.getByLabel('Passwort').fill('kurz');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.locator('#password-fehler')).toContainText('mindestens 12 Zeichen');
  await expect(page.locator('#bodyId-fehler')).toContainText('Wählen Sie die Körperschaft');
  await page.getByLabel('Passwort').fill('ein-langes-passwort-2026');
  await page.getByLabel('Körperschaft (Kommune)').selectOption({ label: lead });
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.locator('#email-fehler')).toContainText('Für diese E-Mail-Adresse gibt es schon ein Konto.');
  await expectAccessible(page);
  await page.getByLabel('E-Mail-Adresse').fill('zweites-konto@kassel.example');
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByText('Das Konto zweites-konto@kassel.example wurde angelegt.')).toBeVisible();
  const row = page.getByRole('row', { name: /zweites-konto@kassel\.example/ });
  await expect(row).toContainText(lead);
  await row.getByRole('button', { name: 'zweites-konto@kassel.example deaktivieren' }).click();
  await expect(row).toContainText('Deaktiviert');
});

test('roles see only what they may do: no accounts or review for the auditor, no workspace pages for a municipality', async ({ page }) => {
  await signInViaApi(page, 'auditor');
  await page.goto('/protokoll');
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(nav.getByRole('link', { name: 'Protokoll' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Konten' })).toHaveCount(0);
  await page.goto('/konten');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kein Zugriff');
  await expect(page.getByRole('button', { name: 'Konto anlegen' })).toHaveCount(0);
  await signInViaApi(page, 'darmstadt');
  await page.goto('/pruefung');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kein Zugriff');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Projekte' })).toBeVisible();
});

test('the inbox shows the unread count and is accessible', async ({ page }) => {
  await signInViaApi(page, 'kassel');
  await page.goto('/benachrichtigungen');
  await expect(page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'ungelesen' })).toBeVisible();
  await expectAccessible(page);
});

test('the report editor works by keyboard alone', async ({ page, request }) => {
  const darmstadt = await (await request.get('/api/v1/projects/darmstadt')).json();
  const officer = await token(request, 'officer');
  const res = await request.post(`/api/v1/projects/${darmstadt.id}/commitments`, {
    headers: { authorization: `Bearer ${officer}` },
    data: { amountCents: 50_000_000, date: '2026-02-01', phase: 'B' },
  });
  expect(res.status()).toBe(201);
  await signInViaApi(page, 'darmstadt');
  await page.goto('/meine-projekte');
  await expect(page.getByRole('heading', { level: 2, name: darmstadt.name })).toBeVisible();
  const create = page.getByRole('button', { name: /^Sachstandsbericht .* anlegen$/ }).first();
  await create.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/berichte\/\d+$/);
  const narrative = page.getByRole('textbox', { name: 'Sachstand', exact: true });
  for (let i = 0; i < 40 && !(await isFocused(narrative)); i++) await page.keyboard.press('Tab');
  await expect(narrative).toBeFocused();
  await page.keyboard.type('Per Tastatur geschrieben.');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Gesamtstatus')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Gesamtstatus')).toHaveValue('on_track');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Begründung')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Meilenstein hinzufügen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Meilenstein 1' }).getByLabel('Bezeichnung')).toBeFocused();
  await page.keyboard.type('Per Tastatur angelegt');
  await expect(page.locator('[data-save-status]')).toHaveText(/Gespeichert|Nicht alles gespeichert/, { timeout: 15_000 });
  await page.reload();
  await expect(narrative).toHaveValue('Per Tastatur geschrieben.');
  await expect(page.getByRole('group', { name: 'Meilenstein 1' }).getByLabel('Bezeichnung')).toHaveValue('Per Tastatur angelegt');
});

test('the workspace pages, the editor and its dialog run under the strict Content-Security-Policy', async ({ page }) => {
  const refused = await underStrictCsp(page);
  await signInViaApi(page, 'darmstadt');
  await page.goto('/meine-projekte');
  await page.getByRole('link', { name: /^Sachstandsbericht .* öffnen$/ }).first().click();
  await page.getByRole('button', { name: 'Bericht einreichen' }).click();
  await expect(page.getByRole('dialog', { name: 'Bericht einreichen?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Bericht einreichen' })).toBeFocused();
  await page.goto('/benachrichtigungen');
  await expect(page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' })).toBeVisible();
  await signInViaApi(page, 'officer');
  for (const [path, heading] of [['/pruefung', 'Prüfung eingereichter Berichte'], ['/protokoll', 'Protokoll'], ['/konten', 'Konten']]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  expect(refused).toEqual([]);
});
