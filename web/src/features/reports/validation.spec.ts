import { describe, expect, it } from '@jest/globals';
import { emptyIndicator, emptyMilestone, parseDecimal, partToApi, setIndicatorActual, setMeasureProgress, withAllParts, type Draft } from './model';
import { submissionErrors, validateDraft, validParts } from './validation';

const draft = (overrides: Partial<Draft> = {}): Draft => ({
  narrative: '', overallStatus: '', overallStatusReason: '', milestones: [], indicators: [], spending: [], risks: [], measureProgress: [], indicatorActuals: [], ...overrides,
});

describe("the report editor's rules, as the API has them", () => {
  it('reads German decimals and refuses what is not one', () => {
    expect(parseDecimal('1.234,5')).toBe(1234.5);
    expect(parseDecimal('-2')).toBe(-2);
    expect(parseDecimal('0,75')).toBe(0.75);
    expect(parseDecimal('12.5')).toBeNull();
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });

  it('says at the field what the API would refuse: limits, blank titles, impossible dates, amounts, duplicate cost categories', () => {
    const errors = validateDraft(draft({
      narrative: 'x'.repeat(50_001),
      milestones: [{ ...emptyMilestone(), title: '  ', plannedDate: '2025-02-30' }],
      indicators: [{ ...emptyIndicator(), name: 'Sensoren', target: 'viele' }],
      spending: [{ costCategory: 'personnel', amount: '0' }, { costCategory: 'personnel', amount: '1.000.000.000,01' }],
    }));
    expect(errors).toEqual({
      narrative: 'Höchstens 50.000 Zeichen erlaubt (jetzt 50.001).',
      'milestones-0-title': 'Bitte ausfüllen: Bezeichnung.',
      'milestones-0-plannedDate': 'Geben Sie ein gültiges Datum ein.',
      'indicators-0-target': 'Geben Sie eine Zahl ein, z. B. 12 oder 12,5.',
      'spending-0-amount': 'Der Betrag muss mindestens 0,01 € sein.',
      'spending-1-costCategory': 'Jede Kostenart darf nur einmal vorkommen.',
      'spending-1-amount': 'Der Betrag darf höchstens 1.000.000.000,00 € sein.',
    });
    expect(validParts(errors)).toEqual(['overallStatus', 'overallStatusReason', 'risks', 'measureProgress', 'indicatorActuals']);
  });

  it('asks for a narrative, a status and, when not on track, a reason before submitting', () => {
    expect(submissionErrors(draft())).toEqual({ narrative: 'Geben Sie einen Sachstand ein.', overallStatus: 'Wählen Sie einen Gesamtstatus.' });
    expect(submissionErrors(draft({ narrative: 'Text', overallStatus: 'at_risk' }))).toEqual({ overallStatusReason: 'Begründen Sie, warum das Projekt nicht im Plan ist.' });
    expect(submissionErrors(draft({ narrative: 'Text', overallStatus: 'on_track' }))).toEqual({});
  });

  it('sends what was typed in the API shape: cents, numbers, null for empty', () => {
    const typed = draft({
      narrative: '  ',
      indicators: [{ name: 'Sensoren', unit: 'Stück', baseline: '', target: '1.200', actual: '12,5' }],
      spending: [{ costCategory: 'services', amount: '1.250,50' }],
      milestones: [{ title: 'Live', plannedDate: '2025-09-30', actualDate: '', status: 'planned' }],
    });
    expect(partToApi(typed, 'narrative')).toBeNull();
    expect(partToApi(typed, 'indicators')).toEqual([{ name: 'Sensoren', unit: 'Stück', baseline: null, target: 1200, actual: 12.5 }]);
    expect(partToApi(typed, 'spending')).toEqual([{ costCategory: 'services', amountCents: 125_050 }]);
    expect(partToApi(typed, 'milestones')).toEqual([{ title: 'Live', plannedDate: '2025-09-30', actualDate: null, status: 'planned' }]);
  });

  it('keeps strategy progress only for what is filled in, in the order of the cascade, and checks it like the API', () => {
    const order = ['m1', 'm2'];
    let typed = setMeasureProgress(draft(), order, { measureId: 'm2', status: 'running', spend: '1.000,5' });
    typed = setMeasureProgress(typed, order, { measureId: 'm1', status: '', spend: '12' });
    expect(typed.measureProgress.map((m) => m.measureId)).toEqual(['m1', 'm2']);
    typed = setIndicatorActual(typed, ['g1/i1'], { goalId: 'g1', indicatorId: 'i1', actual: 'viel' });
    expect(validateDraft(typed)).toEqual({
      'measureProgress-m1-status': 'Wählen Sie den Stand der Maßnahme.',
      'indicatorActuals-g1_i1-actual': 'Geben Sie eine Zahl ein, z. B. 12 oder 12,5.',
    });
    typed = setMeasureProgress(typed, order, { measureId: 'm1', status: '', spend: '' });
    typed = setIndicatorActual(typed, ['g1/i1'], { goalId: 'g1', indicatorId: 'i1', actual: '52,5' });
    expect(validateDraft(typed)).toEqual({});
    expect(partToApi(typed, 'measureProgress')).toEqual([{ measureId: 'm2', status: 'running', spendCents: 100_050 }]);
    expect(partToApi(typed, 'indicatorActuals')).toEqual([{ goalId: 'g1', indicatorId: 'i1', actual: 52.5 }]);
  });

  it('restores a draft kept by an earlier version of the page, with the strategy parts empty', () => {
    const old = { narrative: 'Text' } as Partial<Draft>;
    expect(withAllParts(old, draft())).toEqual(draft({ narrative: 'Text' }));
  });
});
