import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ACCOUNTS } from './support/accounts';
import { seriousViolations } from './support/axe';
import { signIn } from './support/web-app';

/* The programme office takes over the bank's list of disbursements: errors by row, fixed, committed once. */
const stamp = Date.now().toString(36);
const HEADER = 'Buchungsnummer;Projekt;Datum;Betrag;Haushaltsjahr;Bemerkung';

function csv(lines: string[]): { name: string; mimeType: string; buffer: Buffer } {
  // German Excel writes Windows-1252: "Mittelabruf für Wolfsburg" arrives with ü as one byte.
  return { name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'latin1') };
}

async function check(page: Page, file: ReturnType<typeof csv>) {
  await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles(file);
  await page.getByRole('button', { name: 'Datei prüfen' }).click();
  await expect(page.getByRole('heading', { name: 'Ergebnis der Prüfung' })).toBeVisible();
}

async function commitAndWait(page: Page) {
  await page.getByRole('button', { name: 'Alle Zeilen übernehmen' }).click();
  await expect(page.getByRole('progressbar', { name: /Übernahme: fertig/ })).toBeVisible({ timeout: 30_000 });
}

/**
 * The journeys share one server: take back (Storno) what this one booked, so the programme's totals that other
 * journeys start from are as before. Corrections are new entries, as the ledger requires.
 */
async function reverseWhatWasBooked(request: APIRequestContext) {
  const { email, password } = ACCOUNTS.officer;
  const token = (await (await request.post('/api/v1/auth/login', { data: { email, password } })).json()).accessToken as string;
  const headers = { authorization: `Bearer ${token}` };
  const project = await (await request.get('/api/v1/projects/wolfsburg')).json();
  const funding = await (await request.get(`/api/v1/projects/${project.id}/funding`, { headers })).json();
  const open = (entries: { id: number; date: string; netAmountCents: number }[]) => entries.filter((e) => e.netAmountCents > 0);
  for (const [kind, entries] of [['disbursements', open(funding.disbursements)], ['commitments', open(funding.commitments)]] as const) {
    for (const e of entries) {
      const data = { amountCents: e.netAmountCents, date: e.date, reason: 'Browser test: gebucht, um den Import zu zeigen' };
      expect((await request.post(`/api/v1/${kind}/${e.id}/reversals`, { headers, data })).status()).toBe(201);
    }
  }
}

test('an officer imports the bank list: sees the errors by row, fixes them, commits once; again changes nothing', async ({ page, request }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Vorlage Auszahlungen (Mittelabrufe) (XLSX)' })).toHaveAttribute('href', '/api/v1/imports/templates/disbursements.xlsx');

  // The commitment the disbursements draw on.
  await page.getByLabel('Art der Buchungen').selectOption({ label: 'Zusagen (Zuwendungsbescheide)' });
  await check(page, csv(['external_ref;project;date;amount_eur;phase', `ZB-${stamp};wolfsburg;15.03.2021;1.000.000,00;B`]));
  await commitAndWait(page);
  await expect(page.getByText('1 Zeile übernommen.')).toBeVisible();

  await page.getByLabel('Art der Buchungen').selectOption({ label: 'Auszahlungen (Mittelabrufe)' });
  const bad = [HEADER, `BK-${stamp}-1;wolfsburg;01.04.2022;250.000,00;2022;Mittelabruf für Wolfsburg`, `BK-${stamp}-2;Wolfsburgg;01.05.2022;100,00;2022;`, `BK-${stamp}-3;wolfsburg;01.06.2022;zwölf;2022;`];
  await check(page, csv(bad));
  await expect(page.getByText('2 Fehler – bitte in der Datei korrigieren')).toBeVisible();
  const table = page.getByRole('table', { name: 'Fehler je Zeile' });
  await expect(table.getByRole('row').nth(1)).toContainText('3Projekt');
  await expect(table.getByRole('row').nth(1)).toContainText('Kein Projekt hat diese Nummer');
  await expect(table.getByRole('row').nth(2)).toContainText('4Betrag');
  await expect(page.getByRole('button', { name: 'Alle Zeilen übernehmen' })).toBeDisabled();
  expect(await seriousViolations(page)).toEqual([]);

  const fixed = [bad[0], bad[1], bad[2].replace(';Wolfsburgg;', ';wolfsburg;'), bad[3].replace('zwölf', '12,00')];
  await check(page, csv(fixed));
  await expect(page.getByText('Keine Fehler: Die Datei kann übernommen werden.')).toBeVisible();
  await commitAndWait(page);
  await expect(page.getByText('3 Zeilen übernommen.')).toBeVisible();

  await check(page, csv(fixed));
  await expect(page.getByText('3 Zeilen gelesen, 3 ohne Fehler, 3 davon bereits übernommen.')).toBeVisible();
  await commitAndWait(page);
  await expect(page.getByText('Nichts Neues: alle 3 Zeilen waren bereits übernommen.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // A booking error found later: the bank's Storno list reverses part of a disbursement by its booking number (dated
  // on the booking's day, so the clean-up below, which reverses the rest on the same day, leaves no day over-drawn).
  await page.getByLabel('Art der Buchungen').selectOption({ label: 'Stornos (von Zusagen oder Auszahlungen)' });
  await expect(page.getByRole('link', { name: 'Vorlage Stornos (von Zusagen oder Auszahlungen) (CSV)' })).toHaveAttribute('href', '/api/v1/imports/templates/reversals.csv');
  const storno = ['Buchungsnummer;Ursprungsart;Ursprungsbuchung;Ursprungs-ID;Datum;Betrag;Grund', `ST-${stamp};Mittelabruf;BK-${stamp}-2;;01.05.2022;150,00;Fehlbuchung am Tag der Buchung`];
  await check(page, csv(storno));
  await expect(page.getByRole('table', { name: 'Fehler je Zeile' }).getByRole('row').nth(1)).toContainText('übersteigt, was von der ursprünglichen Buchung noch offen ist');
  await check(page, csv([storno[0], storno[1].replace(';150,00;', ';40,00;')]));
  await expect(page.getByText('Keine Fehler: Die Datei kann übernommen werden.')).toBeVisible();
  await commitAndWait(page);
  await expect(page.getByText('1 Zeile übernommen.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await reverseWhatWasBooked(request);
});
