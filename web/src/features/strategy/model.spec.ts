import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../../lib/api-client';
import { apiErrors, checkForm, emptyGoal, emptyMeasure, fieldIdOf, toBody, toForm, type Form, type Strategy } from './model';

const server: Strategy = {
  projectId: 7, status: 'draft', version: 3, vision: 'Offen', mission: null, values: { codes: ['transparenz'], own: ['Mut'] },
  goals: [{ id: 'g1', title: 'Bus', indicators: [{ id: 'i1', name: 'Anteil', unit: '%', baseline: 48.5, target: 60, targetDate: '2027-12-31' }] }],
  strategy: { approach: null, resolutionDate: '2022-05-16', documentRef: null },
  measures: [{
    id: 'm1', title: 'App', description: null, fieldsOfAction: ['zukunftsfaehige_mobilitaet'], qualities: [], guidelines: [], goalIds: ['g1'],
    plannedCostCents: 250_000_000, plannedFederalCents: 162_500_050, startsOn: null, endsOn: null, status: 'running', milestones: [],
  }],
  submittedAt: null, reviewedAt: null, reviewComment: null,
};
const refusal = (status: number, code: string, details: object[]) => new ApiRequestError(status, { statusCode: status, code, message: 'x', details });

describe('the strategy editor form', () => {
  it('shows money as German euros and decimals with a comma, and sends them back as the same cents and numbers', () => {
    const form = toForm(server);
    expect(form.measures[0]).toMatchObject({ cost: '2.500.000,00', federal: '1.625.000,50' });
    expect(form.goals[0].indicators[0].baseline).toBe('48,5');
    const body = toBody(form);
    expect(body.measures?.[0]).toMatchObject({ plannedCostCents: 250_000_000, plannedFederalCents: 162_500_050, description: null });
    expect(body.goals?.[0].indicators?.[0]).toMatchObject({ baseline: 48.5, target: 60 });
    expect(body.values).toEqual({ codes: ['transparenz'], own: ['Mut'] });
  });

  it('sends an empty amount as unknown (null), never 0, and drops goals a measure served that were removed', () => {
    const form: Form = { ...toForm(server), goals: [] };
    form.measures[0] = { ...form.measures[0], cost: '', federal: ' ' };
    expect(toBody(form).measures?.[0]).toMatchObject({ plannedCostCents: null, plannedFederalCents: null, goalIds: [] });
  });

  it('gives new goals and measures ids no other has', () => {
    const form = toForm(server);
    expect(emptyGoal(form.goals).id).toBe('g2');
    expect(emptyMeasure([...form.measures, { ...form.measures[0], id: 'm2' }]).id).toBe('m3');
  });

  it('refuses in German what the browser can tell: blank titles, amounts that are not amounts, federal above cost, end before start', () => {
    const form = toForm(server);
    form.goals.push({ id: 'g2', title: ' ', indicators: [] });
    form.measures.push({ ...emptyMeasure(form.measures), cost: '100,00', federal: '200,00', startsOn: '2025-01-01', endsOn: '2024-01-01' });
    form.measures[0] = { ...form.measures[0], cost: '12.34' };
    expect(checkForm(form)).toEqual({
      'ziel-1-titel': 'Bitte geben Sie das Ziel ein.',
      'massnahme-0-kosten': 'Bitte einen Betrag in Euro eingeben, z. B. 1.250.000,00.',
      'massnahme-1-titel': 'Bitte geben Sie den Titel der Maßnahme ein.',
      'massnahme-1-bund': 'Der Bundesanteil darf die geplanten Kosten nicht übersteigen.',
      'massnahme-1-ende': 'Das Ende darf nicht vor dem Beginn liegen.',
    });
  });

  it("maps the API's field paths to the form's fields", () => {
    const form = toForm(server);
    expect(fieldIdOf('measures.0.plannedFederalCents', form)).toBe('massnahme-0-bund');
    expect(fieldIdOf('goals.0.indicators.0.target', form)).toBe('ziel-0-indikator-0-zielwert');
    expect(fieldIdOf('measures.0.fieldsOfAction', form)).toBe('massnahme-0-handlungsfelder');
    expect(fieldIdOf('strategy.resolutionDate', form)).toBe('beschluss');
    expect(fieldIdOf('vision', form)).toBe('vision');
  });

  it('puts STRATEGY.OVER_GRANT at the federal share with both amounts, and a conflict at the top', () => {
    const form = toForm(server);
    const errors = apiErrors(refusal(422, 'STRATEGY.OVER_GRANT', [{ field: 'measures', grantCents: 100_000_000 }]), form);
    expect(errors).toEqual({
      'massnahme-0-bund': 'Die geplanten Bundesanteile aller Maßnahmen (1.625.000,50\u00a0€) übersteigen die Zuwendung des Projekts (1.000.000,00\u00a0€).',
    });
    expect(apiErrors(refusal(409, 'STRATEGY.VERSION_CONFLICT', [{ field: 'If-Match', currentVersion: 4 }]), form).form).toMatch(/inzwischen/);
    expect(apiErrors(refusal(422, 'STRATEGY.INCOMPLETE', [{ field: 'vision' }]), form)).toEqual({ vision: 'Zum Einreichen braucht die Strategie eine Vision.' });
  });
});
