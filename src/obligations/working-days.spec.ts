import { WorkingDays } from './working-days';

/** The nine public holidays every Land keeps in 2025. */
const NATIONWIDE_2025 = ['01-01', '04-18', '04-21', '05-01', '05-29', '06-09', '10-03', '12-25', '12-26'];

/** Each Land's own public holidays in 2025, written down from the Länder's holiday laws (not read from the library). */
const LAND_2025: Record<string, string[]> = {
  'DE-BW': ['01-06', '06-19', '11-01'],
  'DE-BY': ['01-06', '06-19', '11-01'],
  'DE-BE': ['03-08', '05-08'], // Internationaler Frauentag; 8 May 2025 once (80 years since the end of the war)
  'DE-BB': ['04-20', '06-08', '10-31'],
  'DE-HB': ['10-31'],
  'DE-HH': ['10-31'],
  'DE-HE': ['06-19'], // Fronleichnam
  'DE-MV': ['03-08', '10-31'],
  'DE-NI': ['10-31'], // Reformationstag
  'DE-NW': ['06-19', '11-01'],
  'DE-RP': ['06-19', '11-01'],
  'DE-SL': ['06-19', '08-15', '11-01'],
  'DE-SN': ['10-31', '11-19'], // Reformationstag, Buß- und Bettag
  'DE-ST': ['01-06', '10-31'],
  'DE-SH': ['10-31'],
  'DE-TH': ['09-20', '10-31'], // Weltkindertag
};

describe('working days (§ 31 (3) VwVfG)', () => {
  const days = new WorkingDays();

  it.each(Object.entries(LAND_2025))('knows the public holidays of %s in 2025', (land, own) => {
    const expected = [...NATIONWIDE_2025, ...own].map((d) => `2025-${d}`).sort();
    expect([...days.publicHolidays(land, 2025)].sort()).toEqual(expected);
  });

  it('does not count Berlin\u2019s one-off 8 May in other years', () => {
    expect(days.publicHolidays('DE-BE', 2026).has('2026-05-08')).toBe(false);
    expect(days.publicHolidays('DE-BE', 2025).has('2025-05-08')).toBe(true);
  });

  it.each([
    ['a Saturday', '2025-05-31', 'DE-HE', '2025-06-02'],
    ['a Sunday', '2025-08-31', 'DE-BY', '2025-09-01'],
    ['Fronleichnam in Hessen', '2025-06-19', 'DE-HE', '2025-06-20'],
    ['Reformationstag in Sachsen (a Friday, so Monday)', '2025-10-31', 'DE-SN', '2025-11-03'],
    ['Reformationstag in Niedersachsen', '2024-10-31', 'DE-NI', '2024-11-01'],
    ['Buß- und Bettag in Sachsen', '2025-11-19', 'DE-SN', '2025-11-20'],
    ['Weltkindertag in Thüringen', '2024-09-20', 'DE-TH', '2024-09-23'],
    ['Frauentag in Berlin', '2024-03-08', 'DE-BE', '2024-03-11'],
    ['Frauentag in Mecklenburg-Vorpommern', '2024-03-08', 'DE-MV', '2024-03-11'],
    ['8 May 2025 in Berlin', '2025-05-08', 'DE-BE', '2025-05-09'],
    ['Christmas and a weekend in a row', '2026-12-25', 'DE-HH', '2026-12-28'],
  ])('moves a due date on %s to the next working day', (_what, date, land, expected) => {
    expect(days.onOrAfter(date, land)).toBe(expected);
  });

  it.each([
    ['Fronleichnam outside the Länder that keep it', '2025-06-19', 'DE-SN'],
    ['Reformationstag in Hessen', '2025-10-31', 'DE-HE'],
    ['8 May 2025 outside Berlin', '2025-05-08', 'DE-BB'],
  ])('keeps a due date on %s', (_what, date, land) => {
    expect(days.onOrAfter(date, land)).toBe(date);
  });

  it('counts working days before and after a date, skipping weekends and holidays', () => {
    // Friday 2025-10-31 in Sachsen: Thursday 30th is one working day before; Monday 3 Nov the first after.
    expect(days.addWorkingDays('2025-10-31', -1, 'DE-SN')).toBe('2025-10-30');
    expect(days.addWorkingDays('2025-10-31', 1, 'DE-SN')).toBe('2025-11-03');
    expect(days.addWorkingDays('2025-06-16', 5, 'DE-HE')).toBe('2025-06-24');
    expect(days.addWorkingDays('2025-06-16', 5, 'DE-SN')).toBe('2025-06-23');
  });

  it('treats every day as a working day when the rule is switched off', () => {
    const off = new WorkingDays(false);
    expect(off.onOrAfter('2025-05-31', 'DE-HE')).toBe('2025-05-31');
    expect(off.addWorkingDays('2025-05-30', 1, 'DE-HE')).toBe('2025-05-31');
  });
});
