import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ACCOUNTS, type AccountName } from './accounts';

/* Helpers of the report journeys (issue 10). */

/** axe (WCAG 2.1 A/AA rules) finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A bearer token for set-up steps that are not what a journey is about (e.g. the officer's commitment). */
export async function token(request: APIRequestContext, name: AccountName): Promise<string> {
  const { email, password } = ACCOUNTS[name];
  const res = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.ok()).toBe(true);
  return (await res.json()).accessToken;
}

/** Signs in through the page, as a person does (used after an expired session). */
export async function signInByForm(page: Page, name: AccountName): Promise<void> {
  await page.getByLabel('E-Mail-Adresse').fill(ACCOUNTS[name].email);
  await page.getByLabel('Passwort').fill(ACCOUNTS[name].password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

export const saveStatus = (page: Page) => page.locator('[data-save-status]');

export async function expectSaved(page: Page): Promise<void> {
  await expect(saveStatus(page)).toHaveText(/^Gespeichert \d{2}:\d{2}$/, { timeout: 15_000 });
}

/** Splits one CSV line with quoted fields ("a;""b""" → a, "b"). */
export function csvCells(line: string, separator = ';'): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
    else if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Whether the element has the keyboard focus (evaluated in the page). */
export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate('(el) => el === document.activeElement');
}
