import type { ProjectHealthInput } from './project-health';
import { projectHealth, wholeMonthsBetween } from './project-health';

const calm: ProjectHealthInput = {
  reportsOverdue: 0,
  overdueDaysMax: 0,
  overallStatus: 'on_track',
  latestPeriod: '2025-H2',
  milestonesLate: 0,
  monthsWithoutDisbursement: null,
};

describe('project health', () => {
  it('is green with no reasons when nothing is late, off track or idle', () => {
    expect(projectHealth(calm)).toEqual({ health: 'green', reasons: [] });
    expect(projectHealth({ ...calm, overallStatus: null, latestPeriod: null, monthsWithoutDisbursement: 11 })).toEqual({
      health: 'green',
      reasons: [],
    });
  });

  it('is amber for one overdue report, at_risk, one or two late milestones, or 12 to 17 idle months', () => {
    expect(projectHealth({ ...calm, reportsOverdue: 1, overdueDaysMax: 90 })).toEqual({
      health: 'amber',
      reasons: ['1 report overdue (up to 90 days late)'],
    });
    expect(projectHealth({ ...calm, overallStatus: 'at_risk' })).toEqual({ health: 'amber', reasons: ['at_risk in 2025-H2'] });
    expect(projectHealth({ ...calm, milestonesLate: 2 })).toEqual({ health: 'amber', reasons: ['2 milestones late'] });
    expect(projectHealth({ ...calm, monthsWithoutDisbursement: 12 })).toEqual({
      health: 'amber',
      reasons: ['no disbursement in 12 months'],
    });
    expect(projectHealth({ ...calm, monthsWithoutDisbursement: 17 }).health).toBe('amber');
  });

  it('is red for two overdue reports, one over 90 days late, off_track, three late milestones, or 18 idle months', () => {
    expect(projectHealth({ ...calm, reportsOverdue: 2, overdueDaysMax: 10 })).toEqual({
      health: 'red',
      reasons: ['2 reports overdue (up to 10 days late)'],
    });
    expect(projectHealth({ ...calm, reportsOverdue: 1, overdueDaysMax: 91 }).health).toBe('red');
    expect(projectHealth({ ...calm, overallStatus: 'off_track' })).toEqual({ health: 'red', reasons: ['off_track in 2025-H2'] });
    expect(projectHealth({ ...calm, milestonesLate: 3 })).toEqual({ health: 'red', reasons: ['3 milestones late'] });
    expect(projectHealth({ ...calm, monthsWithoutDisbursement: 18 })).toEqual({ health: 'red', reasons: ['no disbursement in 18 months'] });
  });

  it('lists every reason, the red ones first', () => {
    expect(
      projectHealth({
        ...calm,
        overallStatus: 'at_risk',
        milestonesLate: 4,
        reportsOverdue: 1,
        overdueDaysMax: 1,
        monthsWithoutDisbursement: 20,
      }),
    ).toEqual({
      health: 'red',
      reasons: ['4 milestones late', 'no disbursement in 20 months', '1 report overdue (up to 1 day late)', 'at_risk in 2025-H2'],
    });
  });
});

describe('whole months between two dates', () => {
  it('counts a month as the calendar adds it, clamped at the month end', () => {
    expect(wholeMonthsBetween('2024-06-01', '2026-03-15')).toBe(21);
    expect(wholeMonthsBetween('2024-06-15', '2024-07-14')).toBe(0);
    expect(wholeMonthsBetween('2024-06-15', '2024-07-15')).toBe(1);
    expect(wholeMonthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(wholeMonthsBetween('2024-01-31', '2024-02-28')).toBe(0);
    expect(wholeMonthsBetween('2026-03-15', '2026-03-01')).toBe(0);
  });
});
