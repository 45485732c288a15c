import { expect, test } from '@playwright/test';
import { signIn } from './support/web-app';

test.use({ viewport: { width: 360, height: 740 } });

/* At 360 px nothing runs off the side: the page scrolls only vertically (wide tables scroll inside their own box). */
for (const path of ['/', '/projekte?land=DE-HE', '/projekte/kassel', '/anmelden']) {
  test(`${path} fits a 360 px screen`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Wird geladen' })).toHaveCount(0);
    const width = ((await page.evaluate('document.documentElement.scrollWidth')) as number);
    expect(width).toBeLessThanOrEqual(360);
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Projekte' })).toBeInViewport();
  });
}

test('the funding ledger and its forms fit a 360 px screen', async ({ page }) => {
  await signIn(page, undefined, '/projekte/kassel/finanzen');
  await expect(page.getByRole('heading', { level: 1, name: 'Finanzen: Kassel' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Auszahlung erfassen' })).toBeVisible();
  expect(((await page.evaluate('document.documentElement.scrollWidth')) as number)).toBeLessThanOrEqual(360);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeInViewport();
});
