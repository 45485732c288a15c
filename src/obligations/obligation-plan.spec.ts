import type { ReportingPlan } from '../reports/reporting-calendar';
import { type ObligationInput, planObligations } from './obligation-plan';
import { WorkingDays } from './working-days';

/*
 * Which reports a project owes (the one home of the calendar: GET /projects/:id/reporting-calendar and the overdue
 * list read the rows this plan produces). Working days off here, so due dates are the calendar's; working-days.spec.ts
 * covers the move off weekends and holidays.
 */
describe('reporting obligations of a project', () => {
  const plan: ReportingPlan = { cadence: 'half_yearly', dueMonthsAfterPeriod: 1 };
  const calendarDays = new WorkingDays(false);
  const input = (overrides: Partial<ObligationInput>): ObligationInput => ({
    firstByPhase: {},
    status: 'active',
    statusSince: null,
    land: 'DE-HE',
    programmeEndsOn: '2026-03-15',
    ...overrides,
  });
  const owed = (overrides: Partial<ObligationInput>, p: ReportingPlan = plan) =>
    planObligations(input(overrides), p, calendarDays).map(({ type, period, dueDate }) => ({ type, period, dueDate }));

  it('owes nothing without a commitment', () => {
    expect(owed({})).toEqual([]);
  });

  it('owes a report for every half-year from the first commitment through the programme end, and the proof of use', () => {
    const expected = owed({ firstByPhase: { B: '2021-06-01' } });
    const progress = expected.filter((e) => e.type === 'progress');
    expect(progress.map((e) => e.period)).toEqual([
      '2021-H1',
      '2021-H2',
      '2022-H1',
      '2022-H2',
      '2023-H1',
      '2023-H2',
      '2024-H1',
      '2024-H2',
      '2025-H1',
      '2025-H2',
      '2026-H1',
    ]);
    expect(progress[0]).toEqual({ type: 'progress', period: '2021-H1', dueDate: '2021-07-31' });
    expect(progress[progress.length - 1]).toEqual({ type: 'progress', period: '2026-H1', dueDate: '2026-07-31' });
    expect(expected.filter((e) => e.type !== 'progress')).toEqual([{ type: 'proof_of_use_b', period: 'B', dueDate: '2026-12-01' }]);
  });

  it('starts periodic reporting with the earliest commitment of either phase', () => {
    expect(owed({ firstByPhase: { A: '2020-11-02', B: '2022-10-01' }, programmeEndsOn: '2021-02-01' })).toEqual([
      { type: 'progress', period: '2020-H2', dueDate: '2021-01-31' },
      { type: 'progress', period: '2021-H1', dueDate: '2021-07-31' },
      { type: 'proof_of_use_a', period: 'A', dueDate: '2023-05-02' },
      { type: 'proof_of_use_b', period: 'B', dueDate: '2028-04-01' },
    ]);
  });

  it('follows a quarterly cadence', () => {
    const expected = owed(
      { firstByPhase: { B: '2025-05-10' }, programmeEndsOn: '2025-11-01' },
      { cadence: 'quarterly', dueMonthsAfterPeriod: 1 },
    );
    expect(expected.filter((e) => e.type === 'progress')).toEqual([
      { type: 'progress', period: '2025-Q2', dueDate: '2025-07-31' },
      { type: 'progress', period: '2025-Q3', dueDate: '2025-10-31' },
      { type: 'progress', period: '2025-Q4', dueDate: '2026-01-31' },
    ]);
  });

  it('owes a withdrawn project only the periods that ended before the withdrawal, and still the proof of use', () => {
    const expected = owed({ firstByPhase: { B: '2025-02-01' }, status: 'withdrawn', statusSince: '2025-09-01' });
    expect(expected).toEqual([
      { type: 'progress', period: '2025-H1', dueDate: '2025-07-31' },
      { type: 'proof_of_use_b', period: 'B', dueDate: '2030-08-01' },
    ]);
  });

  it('keeps the legal due date and moves the working-day one off a weekend of the Land', () => {
    const [h2] = planObligations(input({ firstByPhase: { B: '2025-07-01' }, programmeEndsOn: '2025-12-31' }), plan, new WorkingDays());
    // 31 January 2026 is a Saturday.
    expect(h2).toEqual({ type: 'progress', period: '2025-H2', legalDueDate: '2026-01-31', dueDate: '2026-02-02' });
  });
});
