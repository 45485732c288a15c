import { expect, test } from '@playwright/test';
import { officer, screenshotPath } from './support/web-app';

test.describe('an officer at work', () => {
  test('signs in from the cockpit, records funding, is refused an over-disbursement in German, and a roll-up updates the totals', async ({ page }) => {
    // The cockpit needs a session: the visitor is sent to sign-in and comes back afterwards.
    await page.goto('/cockpit');
    await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fcockpit$/);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' });
    await expect(summary.getByRole('link', { name: 'Geben Sie Ihre E-Mail-Adresse ein' })).toBeVisible();
    await page.getByLabel('E-Mail-Adresse').fill(officer.email);
    await page.getByLabel('Passwort').fill('falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(summary.getByRole('link', { name: 'E-Mail-Adresse oder Passwort ist nicht richtig' })).toBeVisible();
    await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(officer.email);
    await page.getByLabel('Passwort').fill(officer.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page).toHaveURL(/\/cockpit$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Cockpit' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Exporte' })).toBeVisible();

    // A first roll-up: nothing disbursed yet.
    await page.getByRole('button', { name: 'Neue Auswertung starten' }).click();
    await expect(page.getByText('Die Auswertung ist fertig')).toBeVisible();
    const totals = page.getByRole('region', { name: 'Programm gesamt' });
    await expect(totals.getByText('Datenstand')).toBeVisible();
    await expect(totals.getByRole('link', { name: /^Ausgezahlt:/ })).toHaveText('0,00 €');

    // Kassel's ledger: a commitment and a disbursement.
    await page.goto('/projekte/kassel/finanzen');
    await expect(page.getByRole('heading', { level: 1, name: 'Finanzen: Kassel' })).toBeVisible();
    const commit = page.getByRole('form', { name: 'Zusage erfassen' });
    await commit.getByLabel('Betrag in Euro').fill('1.000.000,00');
    await commit.getByLabel('Datum').fill('2021-03-15');
    await commit.getByLabel('Phase').selectOption('B');
    await commit.getByLabel('Notiz (freiwillig)').fill('<script>window.__pwned = true</script> Bescheid 4711');
    await commit.getByRole('button', { name: 'Zusage speichern' }).click();
    await expect(commit.getByText('Zusage über 1.000.000,00 € gespeichert.')).toBeVisible();
    const commitments = page.getByRole('table', { name: 'Zusagen (Zuwendungsbescheide)' });
    await expect(commitments).toContainText('15.03.2021');
    // The note is text, not markup: shown literally, never run.
    await expect(commitments.getByText('<script>window.__pwned = true</script> Bescheid 4711')).toBeVisible();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    const disburse = page.getByRole('form', { name: 'Auszahlung erfassen' });
    await disburse.getByLabel('Betrag in Euro').fill('250.000,00');
    await disburse.getByLabel('Datum').fill('2022-04-01');
    await disburse.getByLabel('Haushaltsjahr').fill('2022');
    await disburse.getByRole('button', { name: 'Auszahlung speichern' }).click();
    await expect(disburse.getByText('Auszahlung über 250.000,00 € gespeichert.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Auszahlungen (Mittelabrufe)' })).toContainText('250.000,00 €');

    // More than the commitments leave: refused, the German message at the amount field and in the summary, input kept.
    await disburse.getByLabel('Betrag in Euro').fill('800.000,00');
    await disburse.getByLabel('Datum').fill('2022-05-02');
    await disburse.getByLabel('Haushaltsjahr').fill('2022');
    await disburse.getByRole('button', { name: 'Auszahlung speichern' }).click();
    const message = 'Der Betrag übersteigt die zugesagten Mittel: Es können höchstens 750.000,00 € ausgezahlt werden';
    const amount = disburse.getByLabel('Betrag in Euro');
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    // Intl writes a no-break space before €: compare with any whitespace.
    await expect(amount).toHaveAccessibleDescription(new RegExp(message.replace(/\./g, '\\.').replace(/ /g, '\\s')));
    await expect(disburse.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' }).getByRole('link', { name: message })).toBeVisible();
    await expect(amount).toHaveValue('800.000,00');
    await expect(disburse.getByLabel('Datum')).toHaveValue('2022-05-02');
    await page.screenshot({ path: screenshotPath('funding-form'), fullPage: true });
    // The summary's link takes the user to the field.
    await disburse.getByRole('link', { name: message }).click();
    await expect(amount).toBeFocused();

    // A new roll-up: the dashboard totals now show the money.
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Cockpit' }).click();
    await expect(totals.getByRole('link', { name: /^Ausgezahlt:/ })).toHaveText('0,00 €');
    await page.getByRole('button', { name: 'Neue Auswertung starten' }).click();
    await expect(page.getByRole('progressbar', { name: /Finanzauswertung/ })).toBeVisible();
    await expect(page.getByText('Die Auswertung ist fertig')).toBeVisible();
    await expect(totals.getByRole('link', { name: /^Ausgezahlt:/ })).toHaveText('250.000,00 €');
    // The breakdown's tabs: the open one is in the URL.
    await expect(page.getByRole('tab', { name: 'Nach Staffel' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('tab', { name: 'Nach Land' }).click();
    await expect(page).toHaveURL(/\/cockpit\?gruppe=land$/);
    const hessen = page.getByRole('tabpanel', { name: 'Nach Land' }).getByRole('row', { name: /Hessen/ });
    await expect(hessen.getByRole('cell').nth(3)).toHaveText('1.000.000,00 €'); // committed
    await expect(hessen.getByRole('cell').nth(4)).toHaveText('250.000,00 €'); // disbursed
    await expect(page.getByRole('table', { name: /Letzte Ereignisse/ })).toContainText('Auszahlung erfasst');
    await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });

    // Drill-down: the Land's entries as a prepared export, and the Land row opens the projects beneath it.
    await hessen.getByRole('link', { name: 'Zusagen und Auszahlungen: Hessen als Datei exportieren' }).click();
    await expect(page).toHaveURL(/\/exporte\?zeilen=transactions&land=DE-HE$/);
    await expect(page.getByLabel('Land', { exact: true })).toHaveValue('DE-HE');
    await expect(page.getByLabel('Zeilen')).toHaveValue('transactions');
    await page.goBack();
    await hessen.getByRole('link', { name: 'Hessen', exact: true }).click();
    await expect(page).toHaveURL(/\/projekte\?land=DE-HE$/);
    await page.goBack();
    await expect(page.getByRole('tab', { name: 'Nach Land' })).toHaveAttribute('aria-selected', 'true');

    // Sign-out returns to a visitor's view.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
    await page.goto('/cockpit');
    await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fcockpit$/);
  });
});
