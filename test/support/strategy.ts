import type { TestApp } from './test-app';

/** A valid cascade for Kassel: two goals, two measures; tests change what they are about. */
export function cascade(overrides: Record<string, unknown> = {}) {
  return {
    vision: 'Kassel ist eine offene, vernetzte Stadt für alle.',
    mission: 'Digitale Werkzeuge sollen das Leben in der Stadt einfacher und nachhaltiger machen.',
    values: { codes: ['transparenz', 'gemeinwohlorientierung'], own: ['Mut zum Experiment'] },
    goals: [
      {
        id: 'g1',
        title: 'Mehr Menschen fahren mit Bus und Rad',
        indicators: [{ id: 'i1', name: 'Anteil Umweltverbund', unit: '%', baseline: 48, target: 60, targetDate: '2027-12-31' }],
      },
      { id: 'g2', title: 'Offene Daten der Stadt', indicators: [] },
    ],
    strategy: { approach: 'Schrittweise, mit Beteiligung.', resolutionDate: '2022-05-16', documentRef: 'Vorlage 101.19.321' },
    measures: [
      measure(),
      measure({ id: 'm2', title: 'Urbane Datenplattform', fieldsOfAction: ['datenstrategie_datenplattform'], goalIds: ['g2'] }),
    ],
    ...overrides,
  };
}

export function measure(overrides: Record<string, unknown> = {}) {
  return {
    id: 'm1',
    title: 'Mobilitätsplattform',
    description: 'Eine App für Bus, Rad und Sharing.',
    fieldsOfAction: ['zukunftsfaehige_mobilitaet', 'digitale_daseinsvorsorge'],
    qualities: ['klimaneutral_ressourceneffizient'],
    guidelines: ['zugang'],
    goalIds: ['g1'],
    plannedCostCents: 250_000_000,
    plannedFederalCents: 162_500_000,
    startsOn: '2022-07-01',
    endsOn: '2025-12-31',
    status: 'running',
    milestones: [{ title: 'App im Store', plannedDate: '2024-03-31', actualDate: null, status: 'in_progress' }],
    ...overrides,
  };
}

export const putStrategy = (t: TestApp, auth: string, projectId: number, body: object, ifMatch: string) =>
  t.http.put(`/api/v1/projects/${projectId}/strategy`).set('Authorization', auth).set('If-Match', ifMatch).send(body);
