import { contentChanges, submissionProblems } from './report-content';
import type { ReportContentDto } from './report.dto';

const content = (overrides: Partial<ReportContentDto> = {}): ReportContentDto => ({
  narrative: 'Stand der Umsetzung.',
  overallStatus: 'on_track',
  overallStatusReason: null,
  milestones: [],
  indicators: [],
  spending: [],
  risks: [],
  measureProgress: [],
  indicatorActuals: [],
  ...overrides,
});

const milestone = (title: string, status: 'planned' | 'done' = 'planned') => ({
  title,
  plannedDate: '2025-06-30',
  actualDate: null,
  status,
});

describe('what a report needs before it can be submitted', () => {
  it('a narrative and an overall status; a reason unless on track', () => {
    expect(submissionProblems(content())).toEqual([]);
    expect(submissionProblems(content({ narrative: null, overallStatus: null })).map((p) => p.field)).toEqual([
      'narrative',
      'overallStatus',
    ]);
    expect(submissionProblems(content({ narrative: ' \n\t' })).map((p) => p.field)).toEqual(['narrative']);
    expect(submissionProblems(content({ overallStatus: 'at_risk' })).map((p) => p.field)).toEqual(['overallStatusReason']);
    expect(submissionProblems(content({ overallStatus: 'off_track', overallStatusReason: '  ' })).map((p) => p.field)).toEqual([
      'overallStatusReason',
    ]);
    expect(submissionProblems(content({ overallStatus: 'off_track', overallStatusReason: 'Stelle unbesetzt' }))).toEqual([]);
  });
});

describe('what changed between two submissions', () => {
  it('nothing, when nothing did (list order aside)', () => {
    const a = content({ milestones: [milestone('A'), milestone('B')] });
    const b = content({ milestones: [milestone('B'), milestone('A')] });
    expect(contentChanges(a, b)).toEqual([]);
  });

  it('says the narrative changed without repeating it', () => {
    expect(contentChanges(content(), content({ narrative: 'Neu.' }))).toEqual([{ field: 'narrative', change: 'changed' }]);
    expect(contentChanges(content({ narrative: null }), content())).toEqual([{ field: 'narrative', change: 'added' }]);
  });

  it('gives the overall status from and to', () => {
    expect(contentChanges(content(), content({ overallStatus: 'at_risk', overallStatusReason: 'Lieferverzug' }))).toEqual([
      { field: 'overallStatus', change: 'changed', from: 'on_track', to: 'at_risk' },
      { field: 'overallStatusReason', change: 'added', from: null, to: 'Lieferverzug' },
    ]);
  });

  it('matches milestones by title, indicators by name, risks by description, keeping same-titled entries apart', () => {
    const before = content({
      milestones: [milestone('A'), milestone('Twin'), milestone('Twin')],
      indicators: [{ name: 'Sensoren', unit: 'count', baseline: 0, target: 400, actual: 10 }],
      risks: [{ description: 'Lieferverzug', likelihood: 'low', impact: 'high', mitigation: null }],
    });
    const after = content({
      milestones: [milestone('A', 'done'), milestone('Twin')],
      indicators: [{ name: 'Sensoren', unit: 'count', baseline: 0, target: 400, actual: 120 }],
      risks: [],
    });
    expect(contentChanges(before, after)).toEqual([
      { field: 'milestones', change: 'changed', key: 'A', from: milestone('A'), to: milestone('A', 'done') },
      { field: 'milestones', change: 'removed', key: 'Twin', from: milestone('Twin') },
      {
        field: 'indicators',
        change: 'changed',
        key: 'Sensoren',
        from: before.indicators[0],
        to: after.indicators[0],
      },
      { field: 'risks', change: 'removed', key: 'Lieferverzug', from: before.risks[0] },
    ]);
  });

  it('compares spending per cost category', () => {
    const before = content({
      spending: [
        { costCategory: 'personnel', amountCents: 100 },
        { costCategory: 'material', amountCents: 50 },
      ],
    });
    const after = content({
      spending: [
        { costCategory: 'personnel', amountCents: 150 },
        { costCategory: 'other', amountCents: 5 },
      ],
    });
    expect(contentChanges(before, after)).toEqual([
      { field: 'spending', change: 'changed', key: 'personnel', from: 100, to: 150 },
      { field: 'spending', change: 'removed', key: 'material', from: 50, to: null },
      { field: 'spending', change: 'added', key: 'other', from: null, to: 5 },
    ]);
  });

  it('names the measures and indicators whose progress changed, by their ids in the cascade', () => {
    const before = content({ measureProgress: [{ measureId: 'm1', status: 'running', spendCents: 100 }] });
    const after = content({
      measureProgress: [{ measureId: 'm1', status: 'done', spendCents: 100 }],
      indicatorActuals: [{ goalId: 'g1', indicatorId: 'i1', actual: 52, target: 60 }],
    });
    expect(contentChanges(before, after).map((c) => [c.field, c.change, c.key])).toEqual([
      ['measureProgress', 'changed', 'm1'],
      ['indicatorActuals', 'added', 'g1/i1'],
    ]);
  });
});
