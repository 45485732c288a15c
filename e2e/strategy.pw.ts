import { expect, test, type Locator, type Page } from '@playwright/test';
import { signInViaApi } from './support/accounts';
import { seriousViolations } from './support/axe';
import { underStrictCsp } from './support/csp';
import { screenshotPath, signIn } from './support/web-app';

/*
 * Issue 14: Kassel drafts its strategy cascade with two measures (partly by keyboard alone; a refused save and a reload
 * lose nothing) and submits; the officer asks for a comment-less change in vain, then accepts; a citizen reads it on
 * /projekte/kassel/strategie; the portfolio view by field of action lists it in its drill-down. The roll-up figures per
 * field are the last test ("…the strategy roll-up…"): it needs the roll-up kind `strategy` (branch strategy14).
 * Kassel's cascade is new state no other journey reads.
 */
test.describe.configure({ mode: 'serial' });

const MOBILITY = 'Zukunftsfähige Mobilität';
const measure = (page: Page, n: number) => page.getByRole('group', { name: `Maßnahme ${n}`, exact: true });

async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function expectAccessible(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
}

test('Kassel finds no strategy yet and starts it by keyboard alone', async ({ page }) => {
  await signInViaApi(page, 'kassel');
  await page.goto('/projekte/kassel');
  await page.getByRole('link', { name: /Strategie dieses Projekts/ }).click();
  await expect(page).toHaveURL(/\/projekte\/kassel\/strategie$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Strategie: Kassel' })).toBeVisible();
  await expect(page.getByText('Noch keine Strategie angelegt.')).toBeVisible();
  await expectAccessible(page);

  const edit = page.getByRole('link', { name: 'Strategie bearbeiten' });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/strategie\/bearbeiten$/);
  const vision = page.getByRole('textbox', { name: 'Vision' });
  await tabTo(page, vision);
  await page.keyboard.type('Kassel ist eine offene, vernetzte Stadt für alle.');
  await tabTo(page, page.getByRole('checkbox', { name: 'Transparenz' }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Transparenz' })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Ziel hinzufügen' }));
  await page.keyboard.press('Enter');
  const goal = page.getByRole('group', { name: 'Ziel 1', exact: true }).getByRole('textbox', { name: 'Ziel', exact: true });
  await expect(goal).toBeFocused();
  await page.keyboard.type('Mehr Menschen fahren mit Bus und Rad');
  await tabTo(page, page.getByRole('button', { name: 'Entwurf speichern' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Entwurf gespeichert.')).toBeVisible();
  await expectAccessible(page);
});

test('Kassel adds two measures; a federal share above the grant is refused at the field and nothing typed is lost', async ({ page }) => {
  await signInViaApi(page, 'kassel');
  await page.goto('/projekte/kassel/strategie/bearbeiten');
  await expect(page.getByRole('textbox', { name: 'Vision' })).toHaveValue('Kassel ist eine offene, vernetzte Stadt für alle.');
  await page.getByRole('group', { name: 'Ziel 1', exact: true }).getByRole('button', { name: 'Indikator zu Ziel 1 hinzufügen' }).click();
  const indicator = page.getByRole('group', { name: 'Indikator 1', exact: true });
  await indicator.getByLabel('Indikator').fill('Anteil Umweltverbund');
  await indicator.getByLabel('Einheit').fill('%');
  await indicator.getByLabel('Ausgangswert').fill('48');
  await indicator.getByLabel('Zielwert').fill('60,5');
  await indicator.getByLabel('Zieldatum').fill('2027-12-31');

  await page.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  const first = measure(page, 1);
  await first.getByLabel('Titel der Maßnahme').fill('Mobilitätsplattform');
  await first.getByRole('group', { name: 'Handlungsfelder' }).getByLabel(MOBILITY).check();
  await first.getByRole('group', { name: 'Handlungsfelder' }).getByLabel('Digitale Daseinsvorsorge').check();
  await first.getByRole('group', { name: 'Smart-City-Qualitäten' }).getByLabel('klimaneutral & ressourceneffizient').check();
  await first.getByRole('group', { name: 'Dient den Zielen' }).getByLabel('Mehr Menschen fahren mit Bus und Rad').check();
  await first.getByLabel('Geplante Kosten in Euro').fill('2.500.000,00');
  await first.getByLabel('Geplanter Bundesanteil in Euro').fill('1.625.000,00');
  await first.getByLabel('Stand', { exact: true }).selectOption('running');

  await page.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  const second = measure(page, 2);
  await second.getByLabel('Titel der Maßnahme').fill('Urbane Datenplattform');
  await second.getByRole('group', { name: 'Handlungsfelder' }).getByLabel('Datenstrategie und Datenplattform').check();
  await second.getByLabel('Geplante Kosten in Euro').fill('25.000.000,00');
  await second.getByLabel('Geplanter Bundesanteil in Euro').fill('20.000.000,00');

  // A reload before saving: the form comes back from this tab.
  await page.reload();
  await expect(page.getByText('wurden wiederhergestellt')).toBeVisible();
  await expect(measure(page, 2).getByLabel('Titel der Maßnahme')).toHaveValue('Urbane Datenplattform');

  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' });
  await expect(summary).toContainText('übersteigen die Zuwendung des Projekts');
  await expect(page.locator('#massnahme-0-bund')).toHaveAttribute('aria-invalid', 'true');
  await expect(measure(page, 2).getByLabel('Geplanter Bundesanteil in Euro')).toHaveValue('20.000.000,00');
  await expectAccessible(page);
  await page.screenshot({ path: screenshotPath('strategy-editor'), fullPage: false });

  await measure(page, 2).getByLabel('Geplante Kosten in Euro').fill('800.000,00');
  await measure(page, 2).getByLabel('Geplanter Bundesanteil in Euro').fill('500.000,00');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await expect(page.getByText('Entwurf gespeichert.')).toBeVisible();
  await page.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
  await expect(page.getByText('Die Strategie ist eingereicht.')).toBeVisible();
});

test('the officer cannot request changes without a comment, then accepts on the same page', async ({ page }) => {
  await signIn(page, undefined, '/projekte/kassel/strategie');
  await expect(page.getByText('Stand: Eingereicht, wird geprüft')).toBeVisible();
  await page.getByLabel('Änderungen erbitten').check();
  await page.getByRole('button', { name: 'Entscheidung senden' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' })).toContainText('welche Änderungen Sie erbitten');
  await expectAccessible(page);
  await page.getByLabel('Annehmen').check();
  await page.getByRole('button', { name: 'Entscheidung senden' }).click();
  await expect(page.getByText('Stand: Angenommen')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Entscheidung senden' })).toHaveCount(0);
});

test('a citizen reads the accepted cascade from vision to measures', async ({ page }) => {
  await page.goto('/projekte/kassel/strategie');
  await expect(page.getByRole('heading', { level: 1, name: 'Strategie: Kassel' })).toBeVisible();
  await expect(page.getByText('Kassel ist eine offene, vernetzte Stadt für alle.')).toBeVisible();
  for (const step of ['Vision', 'Mission', 'Werte', 'Ziele', 'Strategie', 'Umsetzung'])
    await expect(page.getByRole('heading', { level: 2, name: step, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Mobilitätsplattform' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Urbane Datenplattform' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Indikatoren/ })).toContainText('60,5');
  await expect(page.getByText('Alle Maßnahmen zusammen: geplante Kosten 3.300.000,00 €, davon Bundesanteil 2.125.000,00 €.')).toBeVisible();
  await expect(page.getByText(`${MOBILITY}, Digitale Daseinsvorsorge`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Strategie bearbeiten' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('heading', { level: 2, name: 'Umsetzung' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('strategy-page'), fullPage: false });
});

test('the portfolio view lists Kassel under its fields of action (drill-down to measures)', async ({ page }) => {
  await signIn(page, undefined, '/handlungsfelder');
  await expect(page.getByRole('heading', { level: 1, name: 'Handlungsfelder' })).toBeVisible();
  await page.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: MOBILITY });
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page).toHaveURL(/\/handlungsfelder\?feld=zukunftsfaehige_mobilitaet$/);
  await expect(page.getByRole('heading', { level: 2, name: `Maßnahmen im Handlungsfeld ${MOBILITY}` })).toBeVisible();
  const row = page.getByRole('row', { name: /Mobilitätsplattform/ });
  await expect(row).toContainText('Kassel');
  await expect(row).toContainText('Laufend');
  await expect(row).toContainText('1.625.000,00 €');
  await expect(page.getByRole('row', { name: /Urbane Datenplattform/ })).toHaveCount(0);
  await expectAccessible(page);
  await row.getByRole('link', { name: 'Kassel' }).click();
  await expect(page).toHaveURL(/\/projekte\/kassel\/strategie$/);
});

test('the strategy pages run under the strict Content-Security-Policy', async ({ page }) => {
  const refused = await underStrictCsp(page);
  await page.goto('/projekte/kassel/strategie');
  await expect(page.getByRole('heading', { level: 3, name: 'Mobilitätsplattform' })).toBeVisible();
  await signInViaApi(page, 'kassel');
  await page.goto('/projekte/kassel/strategie/bearbeiten');
  await page.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' })).toContainText('Titel der Maßnahme');
  await signInViaApi(page, 'auditor');
  await page.goto('/handlungsfelder?feld=zukunftsfaehige_mobilitaet');
  await expect(page.getByRole('row', { name: /Mobilitätsplattform/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neue Auswertung starten' })).toHaveCount(0);
  expect(refused).toEqual([]);
});

test('the strategy roll-up counts Kassel under its fields of action', async ({ page }) => {
  await signIn(page, undefined, '/handlungsfelder');
  await page.getByRole('button', { name: 'Neue Auswertung starten' }).click();
  const table = page.getByRole('table', { name: 'Nach Handlungsfeld' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  const mobility = table.getByRole('row', { name: new RegExp(MOBILITY) });
  await expect(mobility.getByRole('cell').nth(0)).toHaveText('1');
  await expect(mobility).toContainText('1.625.000,00 €');
  await expect(table.getByRole('row', { name: /Datenstrategie und Datenplattform/ })).toContainText('500.000,00 €');
  await expect(page.getByRole('img', { name: /Balkendiagramm/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: screenshotPath('strategy-portfolio'), fullPage: false });
});
