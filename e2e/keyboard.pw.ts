import { expect, test, type Page } from '@playwright/test';
import { officer } from './support/web-app';

/* A citizen's journey with the keyboard alone: no mouse, every step reachable by Tab and operated by Enter/typing. */
async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string }) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    // Runs in the page (a string, so the Node-side type check needs no DOM types).
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      const label = el && el.id ? (document.querySelector('label[for="' + el.id + '"]')?.textContent ?? '') : '';
      return { tag: el ? el.tagName.toLowerCase() : '', text: (el?.textContent ?? '').trim(), label: label.trim() };
    })()`)) as { tag: string; text: string; label: string };
    if (matches(focused)) return;
  }
  throw new Error('not reached by Tab');
}

test('a citizen finds Kassel by keyboard alone, and sees where the focus is', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The first Tab lands on the skip link, which is visible when focused and jumps to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#inhalt$/);

  await tabTo(page, (el) => el.tag === 'a' && el.text === 'Alle Projekte durchsuchen');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/projekte$/);
  await tabTo(page, (el) => el.tag === 'select' && el.label === 'Land');
  await page.keyboard.type('Hessen');
  await tabTo(page, (el) => el.tag === 'input' && el.label === 'Suchbegriff');
  await page.keyboard.type('kassel');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/projekte\?land=DE-HE&q=kassel$/);
  await expect(page.getByRole('heading', { name: '1 Projekt gefunden' })).toBeVisible();
  await tabTo(page, (el) => el.tag === 'a' && el.text === 'Kassel');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/projekte\/kassel$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kassel' })).toBeVisible();
});

test('signing in works by keyboard alone', async ({ page }) => {
  await page.goto('/anmelden?weiter=%2Fexporte');
  await tabTo(page, (el) => el.tag === 'input' && el.label === 'E-Mail-Adresse');
  await page.keyboard.type(officer.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(officer.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/exporte$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Exporte' })).toBeVisible();
});
