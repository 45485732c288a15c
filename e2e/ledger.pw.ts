import { expect, test, type Locator, type Page } from '@playwright/test';
import { signInViaApi } from './support/accounts';
import { seriousViolations } from './support/axe';

/* Issue 12 in the browser: corrections (Storno), repayments, the project's status and its reporting obligations. */
const money = (text: string) => new RegExp(text.replace(/\./g, '\\.').replace(/ /g, '\\s'));

async function figure(page: Page, term: string): Promise<Locator> {
  return page.locator('.key-figure').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');
}

test.describe('the funding ledger with corrections', () => {
  test('an officer reverses part of a disbursement, is refused too large a reversal in German, records a repayment, withdraws the project', async ({ page }) => {
    await signInViaApi(page, 'officer');
    await page.goto('/projekte/ulm/finanzen');
    await expect(page.getByRole('heading', { level: 1, name: 'Finanzen: Ulm' })).toBeVisible();
    const commit = page.getByRole('form', { name: 'Zusage erfassen' });
    await commit.getByLabel('Betrag in Euro').fill('1.000.000,00');
    await commit.getByLabel('Datum').fill('2021-03-15');
    await commit.getByRole('button', { name: 'Zusage speichern' }).click();
    await expect(commit.getByText('Zusage über 1.000.000,00 € gespeichert.')).toBeVisible();
    const disburse = page.getByRole('form', { name: 'Auszahlung erfassen' });
    await disburse.getByLabel('Betrag in Euro').fill('300.000,00');
    await disburse.getByLabel('Datum').fill('2022-04-01');
    await disburse.getByLabel('Haushaltsjahr').fill('2022');
    await disburse.getByRole('button', { name: 'Auszahlung speichern' }).click();
    await expect(disburse.getByText('Auszahlung über 300.000,00 € gespeichert.')).toBeVisible();

    // Stornieren: the form opens with the open amount; more than that is refused at the amount field, input kept.
    const disbursements = page.getByRole('table', { name: 'Auszahlungen (Mittelabrufe)' });
    await disbursements.getByText('Stornieren', { exact: true }).click();
    const storno = page.getByRole('form', { name: 'Auszahlung vom 01.04.2022 stornieren' });
    const amount = storno.getByLabel('Betrag in Euro');
    await expect(amount).toHaveValue('300.000,00');
    await amount.fill('400.000,00');
    await storno.getByLabel('Datum').fill('2022-05-02');
    await storno.getByRole('button', { name: 'Storno speichern' }).click();
    await expect(storno.getByRole('link', { name: 'Geben Sie eine Begründung ein' })).toBeVisible();
    await storno.getByLabel('Begründung').fill('Doppelt gebucht');
    await storno.getByRole('button', { name: 'Storno speichern' }).click();
    const refusal = 'Der Betrag übersteigt den offenen Betrag des Eintrags: Es können höchstens 300.000,00 € storniert werden';
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await expect(amount).toHaveAccessibleDescription(money(refusal));
    await expect(amount).toHaveValue('400.000,00');
    await expect(storno.getByLabel('Begründung')).toHaveValue('Doppelt gebucht');
    await amount.fill('100.000,00');
    await storno.getByRole('button', { name: 'Storno speichern' }).click();
    await expect(disbursements.getByText(money('Storno vom 02.05.2022 über 100.000,00 €: Doppelt gebucht'))).toBeVisible();
    const row = disbursements.getByRole('row').filter({ hasText: '01.04.2022' });
    await expect(row.getByRole('cell').nth(1)).toHaveText(money('200.000,00 €'));
    await expect(await figure(page, 'Ausgezahlt')).toHaveText(money('200.000,00 €'));

    // A repayment: its own list, and the net sums follow.
    const repay = page.getByRole('form', { name: 'Rückzahlung erfassen' });
    await repay.getByLabel('Betrag in Euro').fill('250.000,00');
    await repay.getByLabel('Datum').fill('2023-01-10');
    await repay.getByLabel('Haushaltsjahr').fill('2023');
    await repay.getByLabel('Begründung').fill('Nicht verwendete Mittel');
    await repay.getByRole('button', { name: 'Rückzahlung speichern' }).click();
    await expect(repay.getByLabel('Betrag in Euro')).toHaveAccessibleDescription(
      money('Der Betrag übersteigt die ausgezahlten Mittel: Es können höchstens 200.000,00 € zurückgezahlt werden'));
    await repay.getByLabel('Betrag in Euro').fill('50.000,00');
    await repay.getByRole('button', { name: 'Rückzahlung speichern' }).click();
    await expect(repay.getByText('Rückzahlung über 50.000,00 € gespeichert.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Rückzahlungen' })).toContainText('Nicht verwendete Mittel');
    await expect(await figure(page, 'Zurückgezahlt')).toHaveText(money('50.000,00 €'));
    await expect(await figure(page, 'Ausgezahlt')).toHaveText(money('150.000,00 €'));
    await expect(page.getByText('Zurückzufordern')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The project page: obligations with due dates, the status history; the officer withdraws the project.
    await page.goto('/projekte/ulm');
    const obligations = page.getByRole('table', { name: 'Berichtspflichten' });
    await expect(obligations.getByRole('columnheader', { name: 'Fällig (Werktag)' })).toBeVisible();
    const first = obligations.getByRole('row').nth(1);
    await expect(first.getByRole('cell').nth(2)).toHaveText(/^\d{2}\.\d{2}\.\d{4}$/);
    await expect(first.getByRole('cell').nth(3)).toHaveText('offen');
    await first.getByText('Verzichten', { exact: true }).click();
    await first.getByRole('button', { name: 'Verzicht speichern' }).click();
    await expect(first.getByLabel('Begründung')).toHaveAccessibleDescription(/Geben Sie eine Begründung ein/);
    await first.getByLabel('Begründung').fill('Bericht im Sammelbericht enthalten');
    await first.getByRole('button', { name: 'Verzicht speichern' }).click();
    await expect(obligations.getByText('Bericht im Sammelbericht enthalten')).toBeVisible();
    await expect(obligations.getByRole('cell', { name: 'erlassen' })).toHaveCount(1);

    await expect(page.getByText('Der Status wurde noch nie geändert.')).toBeVisible();
    const status = page.getByRole('form', { name: 'Status ändern' });
    await status.getByLabel('Neuer Status').selectOption('withdrawn');
    await status.getByLabel('Wirksam ab').fill('2020-01-01');
    await status.getByLabel('Begründung').fill('Rat hat den Ausstieg beschlossen');
    await status.getByRole('button', { name: 'Status speichern' }).click();
    await expect(status.getByLabel('Wirksam ab')).toHaveAccessibleDescription(/Das Datum darf nicht vor der ersten Zusage vom 15\.03\.2021 liegen/);
    await expect(status.getByLabel('Begründung')).toHaveValue('Rat hat den Ausstieg beschlossen');
    await status.getByLabel('Wirksam ab').fill('2023-06-30');
    await status.getByRole('button', { name: 'Status speichern' }).click();
    const history = page.getByRole('table', { name: 'Statusverlauf' });
    await expect(history.getByRole('row').filter({ hasText: '30.06.2023' })).toContainText('zurückgezogen');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/projekte/ulm/finanzen');
    await expect(await figure(page, 'Zurückzufordern')).toHaveText(money('150.000,00 €'));
    expect(await seriousViolations(page)).toEqual([]);

    // A withdrawn project still takes corrections: the rest, prefilled with what repayments left open, is reversed,
    // and nothing is left to recover (nor disbursed in the programme's totals, which other journeys start from).
    await disbursements.getByText('Stornieren', { exact: true }).click();
    await expect(amount).toHaveValue('150.000,00');
    await storno.getByLabel('Datum').fill('2023-07-01');
    await storno.getByLabel('Begründung').fill('Rest nicht benötigt');
    await storno.getByRole('button', { name: 'Storno speichern' }).click();
    await expect(disbursements.getByText(money('Storno vom 01.07.2023 über 150.000,00 €: Rest nicht benötigt'))).toBeVisible();
    await expect(await figure(page, 'Zurückzufordern')).toHaveText(money('0,00 €'));
    await expect(await figure(page, 'Ausgezahlt')).toHaveText(money('0,00 €'));
    await expect(disbursements.getByText('Stornieren', { exact: true })).toHaveCount(0);
  });
});

test.describe('the project record by role', () => {
  test('a municipality reads its status history and obligations but changes nothing; a visitor sees neither', async ({ page }) => {
    await page.goto('/projekte/kassel');
    await expect(page.getByRole('heading', { level: 1, name: 'Kassel' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Berichtspflichten' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Statusverlauf' })).toHaveCount(0);

    await signInViaApi(page, 'kassel');
    await page.goto('/projekte/kassel');
    await expect(page.getByRole('heading', { level: 2, name: 'Berichtspflichten' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Statusverlauf' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Status ändern' })).toHaveCount(0);
    await expect(page.getByText('Verzichten', { exact: true })).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
