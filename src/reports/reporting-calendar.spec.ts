import { parsePeriod, periodContaining, periodDueDate, periodProblem, periodsBetween, proofOfUseDueDate } from './reporting-calendar';

const due = (key: string, cadence: Parameters<typeof parsePeriod>[1], months = 1) => {
  const period = parsePeriod(key, cadence);
  if (!period) throw new Error(`not a period: ${key}`);
  return periodDueDate(period, months);
};

describe('reporting periods', () => {
  it('reads half-years, quarters and years with their first and last day', () => {
    expect(parsePeriod('2025-H1', 'half_yearly')).toMatchObject({ key: '2025-H1', start: '2025-01-01', end: '2025-06-30' });
    expect(parsePeriod('2025-H2', 'half_yearly')).toMatchObject({ start: '2025-07-01', end: '2025-12-31' });
    expect(parsePeriod('2025-Q1', 'quarterly')).toMatchObject({ start: '2025-01-01', end: '2025-03-31' });
    expect(parsePeriod('2024-Q3', 'quarterly')).toMatchObject({ start: '2024-07-01', end: '2024-09-30' });
    expect(parsePeriod('2025', 'yearly')).toMatchObject({ start: '2025-01-01', end: '2025-12-31' });
  });

  it.each([
    ['2025-H3', 'half_yearly'],
    ['2025-h1', 'half_yearly'],
    ['2025-H1 ', 'half_yearly'],
    ['2025-Q1', 'half_yearly'],
    ['2025', 'half_yearly'],
    ['25-H1', 'half_yearly'],
    ['2025-Q5', 'quarterly'],
    ['2025-Q0', 'quarterly'],
    ['2025-H1', 'quarterly'],
    ['2025-Q1', 'yearly'],
    ['1999', 'yearly'],
    ['2100', 'yearly'],
    ['', 'yearly'],
  ] as const)('refuses %j under a %s cadence', (key, cadence) => {
    expect(parsePeriod(key, cadence)).toBeNull();
  });

  it('finds the period a date falls in', () => {
    expect(periodContaining('2021-06-01', 'half_yearly').key).toBe('2021-H1');
    expect(periodContaining('2021-07-01', 'half_yearly').key).toBe('2021-H2');
    expect(periodContaining('2021-12-31', 'half_yearly').key).toBe('2021-H2');
    expect(periodContaining('2021-06-30', 'quarterly').key).toBe('2021-Q2');
    expect(periodContaining('2021-10-01', 'quarterly').key).toBe('2021-Q4');
    expect(periodContaining('2021-06-01', 'yearly').key).toBe('2021');
  });

  it('lists the periods between two, across year ends', () => {
    const from = periodContaining('2024-08-01', 'quarterly');
    const to = periodContaining('2025-05-01', 'quarterly');
    expect(periodsBetween(from, to, 'quarterly').map((p) => p.key)).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
    expect(periodsBetween(to, from, 'quarterly')).toEqual([]);
  });
});

describe('due dates of periodic reports', () => {
  it('is the last day of the month after the period by default', () => {
    expect(due('2025-H1', 'half_yearly')).toBe('2025-07-31');
    expect(due('2025-H2', 'half_yearly')).toBe('2026-01-31');
    expect(due('2025-Q3', 'quarterly')).toBe('2025-10-31');
    expect(due('2025-Q4', 'quarterly')).toBe('2026-01-31');
    expect(due('2025', 'yearly')).toBe('2026-01-31');
  });

  it('follows the configured number of months, landing on month ends of any length', () => {
    expect(due('2025-H2', 'half_yearly', 0)).toBe('2025-12-31');
    expect(due('2025-H2', 'half_yearly', 3)).toBe('2026-03-31');
    expect(due('2027-Q4', 'quarterly', 2)).toBe('2028-02-29');
    expect(due('2026-Q4', 'quarterly', 2)).toBe('2027-02-28');
    expect(due('2025-Q1', 'quarterly', 1)).toBe('2025-04-30');
    expect(due('2025', 'yearly', 12)).toBe('2026-12-31');
  });
});

describe('proof-of-use (Verwendungsnachweis) due dates', () => {
  it('phase A: 30 months after the Förderzusage', () => {
    expect(proofOfUseDueDate('proof_of_use_a', '2021-06-01')).toBe('2023-12-01');
    expect(proofOfUseDueDate('proof_of_use_a', '2023-09-20')).toBe('2026-03-20');
  });

  it('phase B: 5 years 6 months (66 months) after the B-Zusage', () => {
    expect(proofOfUseDueDate('proof_of_use_b', '2021-06-01')).toBe('2026-12-01');
    expect(proofOfUseDueDate('proof_of_use_b', '2020-12-15')).toBe('2026-06-15');
  });

  it('clamps to the month end when the month is shorter', () => {
    expect(proofOfUseDueDate('proof_of_use_a', '2021-08-31')).toBe('2024-02-29');
    expect(proofOfUseDueDate('proof_of_use_b', '2020-08-31')).toBe('2026-02-28');
  });
});

describe('which periods a report type accepts', () => {
  it('takes calendar periods for progress reports and the phase letter for proof of use', () => {
    expect(periodProblem('progress', '2025-H1', 'half_yearly')).toBeNull();
    expect(periodProblem('progress', '2025-Q1', 'half_yearly')).toMatch(/half-yearly period like "2025-H1"/);
    expect(periodProblem('progress', 'A', 'half_yearly')).not.toBeNull();
    expect(periodProblem('proof_of_use_a', 'A', 'half_yearly')).toBeNull();
    expect(periodProblem('proof_of_use_a', 'B', 'half_yearly')).toMatch(/"A"/);
    expect(periodProblem('proof_of_use_b', 'B', 'quarterly')).toBeNull();
    expect(periodProblem('proof_of_use_b', '2025-H1', 'quarterly')).toMatch(/"B"/);
  });
});
