import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { screenshotPath } from './support/web-app';

test.describe('a citizen explores the portfolio', () => {
  test('the overview shows the budget, known and unknown grants, and a table for every chart', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Modellprojekte Smart Cities' })).toBeVisible();
    const figures = page.getByRole('region', { name: 'Das Programm in Zahlen' });
    await expect(figures).toContainText('820.000.000,00 €');
    await expect(figures).toContainText('573.631.317,50 €');
    await expect(figures).toContainText('14 Modellprojekte'); // unknown grants are counted, not shown as 0 €
    for (const title of ['Förderung nach Staffel', 'Förderung nach Kategorie', 'Förderung nach Land']) {
      await expect(page.getByRole('img', { name: new RegExp(title) })).toBeVisible();
      await expect(page.getByRole('table', { name: new RegExp(title) })).toBeVisible();
    }
    await expect(page.getByRole('table', { name: /Förderung nach Staffel/ }).getByRole('row', { name: /Staffel 1 \(2019\)/ })).toContainText('13');
    // Berlin's one project has no known grant: "unbekannt", not 0,00 €.
    const berlin = page.getByRole('table', { name: /Förderung nach Land/ }).getByRole('row', { name: /Berlin/ });
    await expect(berlin.getByRole('cell').nth(1)).toHaveText('unbekannt');
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
  });

  test('filters to Hessen, opens Kassel, and a copied URL shows the same view', async ({ page, context }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Alle Projekte durchsuchen' }).click();
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Hessen' });
    await page.getByLabel('Sortierung').selectOption({ label: 'Förderung (höchste zuerst)' });
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await expect(page).toHaveURL(/\/projekte\?land=DE-HE&sort=-grantCents$/);
    await expect(page.getByRole('heading', { name: '4 Projekte gefunden' })).toBeVisible();
    const rows = page.getByRole('table', { name: /Gefundene Projekte/ }).getByRole('row');
    await expect(rows.nth(1)).toContainText('Darmstadt');
    await page.screenshot({ path: screenshotPath('explorer'), fullPage: true });

    const listUrl = page.url();
    const again = await context.newPage();
    await again.goto(listUrl);
    await expect(again.getByRole('heading', { name: '4 Projekte gefunden' })).toBeVisible();
    await expect(again.getByLabel('Land', { exact: true })).toHaveValue('DE-HE');
    await expect(again.getByRole('table', { name: /Gefundene Projekte/ }).getByRole('row').nth(1)).toContainText('Darmstadt');

    await page.getByRole('link', { name: 'Kassel' }).click();
    await expect(page).toHaveURL(/\/projekte\/kassel$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Kassel' })).toBeVisible();
    await expect(page.getByText('11.000.000,00 €')).toBeVisible();
    const projectUrl = page.url();
    await again.goto(projectUrl);
    await expect(again.getByRole('heading', { level: 1, name: 'Kassel' })).toBeVisible();
    await expect(again.getByText('Hessen', { exact: true })).toBeVisible();

    await page.goBack();
    await expect(page.getByRole('heading', { name: '4 Projekte gefunden' })).toBeVisible();
  });

  test('"Diese Ansicht als CSV herunterladen" gives exactly the filtered rows', async ({ page }) => {
    await page.goto('/projekte?staffel=2&kategorie=GROSSSTADT');
    const count = await page.getByRole('heading', { name: /Projekte gefunden/ }).textContent();
    const total = Number(count!.match(/\d+/)![0]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Diese Ansicht als CSV herunterladen' }).click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^Slug;Projekt;/);
    expect(lines).toHaveLength(total + 1);
    for (const line of lines.slice(1)) expect(line).toContain(';2;2020;Großstädte;');
  });

  test('filters that do not exist in a hand-made URL are explained, with a way back', async ({ page }) => {
    await page.goto('/projekte?staffel=9');
    await expect(page.getByText('Die Filter in dieser Adresse gibt es nicht')).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Filter zurücksetzen' }).first().click();
    await expect(page.getByRole('heading', { name: '73 Projekte gefunden' })).toBeVisible();
  });

  test('a page that does not exist says so, in German', async ({ page }) => {
    await page.goto('/projekte/gibt-es-nicht');
    await expect(page.getByText('Seite nicht gefunden')).toBeVisible();
  });
});
