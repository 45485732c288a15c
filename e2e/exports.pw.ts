import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './support/web-app';

test.describe('exports in the browser', () => {
  test('an officer exports Hessen as CSV, watches it finish, downloads and reads the file; the run is listed', async ({ page }) => {
    await signIn(page, undefined, '/exporte');
    await expect(page.getByRole('heading', { level: 1, name: 'Exporte' })).toBeVisible();
    await page.getByLabel('Format').selectOption({ label: 'CSV (für Excel, Semikolon)' });
    await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Hessen' });
    await page.getByRole('button', { name: 'Export starten' }).click();
    await expect(page.getByRole('progressbar', { name: /Export: fertig/ })).toBeVisible({ timeout: 30_000 });
    const link = page.getByRole('link', { name: /mpsc-funding-summary-.*\.csv herunterladen/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^mpsc-funding-summary-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = text.trimEnd().split('\r\n').map((line) => line.split(';'));
    const slugs = lines.slice(1).map((cells) => cells[0]).filter(Boolean);
    expect(slugs.sort()).toEqual(['darmstadt', 'eichenzell', 'kassel', 'landkreis-giessen']);
    const kassel = lines.find((cells) => cells[0] === 'kassel')!;
    expect(kassel.join(';')).toContain('11000000,00');

    const history = page.getByRole('table', { name: 'Frühere Exporte' });
    await expect(history.getByRole('row').nth(1)).toContainText('CSV');
    await expect(history.getByRole('row').nth(1)).toContainText('fertig');
  });
});
