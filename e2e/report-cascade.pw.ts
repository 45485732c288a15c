import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { Account } from './support/accounts';
import { expectAccessible, expectSaved, token } from './support/reports';
import { signIn } from './support/web-app';

/*
 * Issue 14, item 4: a progress report states, per measure of the project's strategy cascade, its status and spend,
 * and per goal indicator its actual value; the reviewer sees them next to the plan (planned cost, baseline, target).
 * Eichenzell gets an account of its own here and keeps its cascade a draft, so the portfolio view and the other
 * journeys (which count accepted cascades and use Kassel and Darmstadt) see nothing of it.
 */
test.describe.configure({ mode: 'serial' });

const eichenzell: Account = { email: 'smart@eichenzell.example', password: 'e2e-browser-password-2026', role: 'municipality', projectSlug: 'eichenzell' };
let projectId = 0;
let reportPath = '';

const cascade = {
  vision: 'Eichenzell bleibt ein Ort, an dem man gern lebt – digital und nah.',
  mission: 'Digitale Angebote sollen kurze Wege schaffen.',
  values: { codes: ['teilhabe'], own: [] },
  goals: [{ id: 'g1', title: 'Mehr Wege ohne Auto', indicators: [{ id: 'i1', name: 'Anteil Umweltverbund', unit: '%', baseline: 48, target: 60, targetDate: '2027-12-31' }] }],
  strategy: { approach: 'Schritt für Schritt, mit Beteiligung.', resolutionDate: '2021-11-22', documentRef: null },
  measures: [
    {
      id: 'm1', title: 'Rufbus auf Abruf', description: null, fieldsOfAction: ['zukunftsfaehige_mobilitaet'], qualities: [], guidelines: [], goalIds: ['g1'],
      plannedCostCents: 250_000_000, plannedFederalCents: 162_500_000, startsOn: '2022-07-01', endsOn: '2026-12-31', status: 'running', milestones: [],
    },
    {
      id: 'm2', title: 'Dorf-App', description: null, fieldsOfAction: ['digitale_daseinsvorsorge'], qualities: [], guidelines: [], goalIds: [],
      plannedCostCents: 40_000_000, plannedFederalCents: 26_000_000, startsOn: null, endsOn: null, status: 'planned', milestones: [],
    },
  ],
};

async function ok(request: Promise<APIResponse>, what: string): Promise<APIResponse> {
  const res = await request;
  if (!res.ok()) throw new Error(`${what} answered ${res.status()}: ${await res.text()}`);
  return res;
}

async function setUp(request: APIRequestContext) {
  const officer = { authorization: `Bearer ${await token(request, 'admin')}` };
  const project = await (await request.get('/api/v1/projects/eichenzell')).json();
  projectId = project.id;
  await ok(request.post('/api/v1/users', { headers: officer, data: { email: eichenzell.email, password: eichenzell.password, role: 'municipality', bodyId: project.lead.id } }), 'creating the account');
  await ok(request.post(`/api/v1/projects/${projectId}/commitments`, { headers: officer, data: { amountCents: 1_000_000, date: '2025-01-15', phase: 'B' } }), 'the commitment');
  const login = await (await ok(request.post('/api/v1/auth/login', { data: { email: eichenzell.email, password: eichenzell.password } }), 'login')).json();
  const own = { authorization: `Bearer ${login.accessToken}` };
  await ok(request.put(`/api/v1/projects/${projectId}/strategy`, { headers: { ...own, 'If-Match': '0' }, data: cascade }), 'the cascade');
}

test.beforeAll(async ({ request }) => setUp(request));

test('Eichenzell reports status and spend per measure and the value an indicator reached, next to its plan', async ({ page }) => {
  await signIn(page, eichenzell, '/meine-projekte');
  await page.getByRole('button', { name: /^Sachstandsbericht .* anlegen$/ }).first().click();
  await expect(page).toHaveURL(/\/berichte\/\d+$/);
  reportPath = new URL(page.url()).pathname;
  await page.getByRole('textbox', { name: 'Sachstand', exact: true }).fill('Der Rufbus fährt im Probebetrieb.');
  await page.getByLabel('Gesamtstatus').selectOption('on_track');
  const section = page.getByRole('region', { name: 'Umsetzung der Strategie' });
  const bus = section.getByRole('group', { name: 'Rufbus auf Abruf' });
  await expect(bus.getByText('Geplant: 2.500.000,00 € (davon Bund 1.625.000,00 €)')).toBeVisible();
  await bus.getByLabel('Ausgaben im Zeitraum in Euro').fill('12.500,00');
  await expect(bus.getByText('Wählen Sie den Stand der Maßnahme.')).toBeVisible();
  await bus.getByLabel('Stand im Zeitraum').selectOption('running');
  const actual = section.getByLabel('Ist-Wert: Mehr Wege ohne Auto – Anteil Umweltverbund (%)');
  await expect(section.getByText('Ausgangswert 48, Zielwert 60 bis 31.12.2027')).toBeVisible();
  await actual.fill('52,5');
  await expectSaved(page);
  await expectAccessible(page);
  await page.reload();
  await expect(bus.getByLabel('Stand im Zeitraum')).toHaveValue('running');
  await expect(bus.getByLabel('Ausgaben im Zeitraum in Euro')).toHaveValue('12500,00');
  await expect(actual).toHaveValue('52,5');
  await expect(section.getByRole('group', { name: 'Dorf-App' }).getByLabel('Stand im Zeitraum')).toHaveValue('');

  const stored = await (await page.request.get(`/api/v1${reportPath.replace('/berichte', '/reports')}`)).json();
  expect(stored.measureProgress).toEqual([{ measureId: 'm1', status: 'running', spendCents: 1_250_000 }]);
  expect(stored.indicatorActuals).toEqual([{ goalId: 'g1', indicatorId: 'i1', actual: 52.5, target: 60 }]);
  await page.getByRole('button', { name: 'Bericht einreichen' }).click();
  await page.getByRole('button', { name: 'Jetzt einreichen' }).click();
  await expect(page.getByText('Der Bericht wurde eingereicht.')).toBeVisible();
});

test('the reviewer sees each reported figure beside the planned cost, the baseline and the target', async ({ page }) => {
  await signIn(page, undefined, reportPath);
  await page.goto(reportPath);
  const measures = page.getByRole('table', { name: 'Berichtete Umsetzung je Maßnahme' });
  const bus = measures.getByRole('row', { name: /Rufbus auf Abruf/ });
  await expect(bus.getByRole('cell')).toHaveText(['2.500.000,00 €', '1.625.000,00 €', 'Läuft', '12.500,00 €']);
  await expect(measures.getByRole('row', { name: /Dorf-App/ })).toHaveCount(0);
  const goals = page.getByRole('table', { name: 'Ist-Werte neben den Zielwerten' });
  await expect(goals.getByRole('row', { name: /Anteil Umweltverbund/ }).getByRole('cell')).toHaveText(['48', '60', '52,5']);
  await expectAccessible(page);
});
