import { isoDate } from '../common/dates';
import { berlinDate, berlinDateTime, guardFormula } from './export-format';

describe('CSV/formula injection guard (excel-de)', () => {
  it.each(['=HYPERLINK("http://x.example","klick")', '+49 561 1234', '-5', '@SUMME(A1)', '\t=1', '\r=1'])(
    'prefixes %j with an apostrophe',
    (text) => {
      expect(guardFormula(text)).toBe(`'${text}`);
    },
  );

  it.each(['Kassel', 'Cottbus/Chóśebuz', '5 für Südwestfalen', ' =leading space', ''])('leaves %j alone', (text) => {
    expect(guardFormula(text)).toBe(text);
  });
});

describe('dates in exports', () => {
  it('names files by the German calendar day and shows the time in German', () => {
    expect(berlinDate(new Date('2026-11-27T10:00:00Z'))).toBe('2026-11-27');
    expect(berlinDate(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
    expect(berlinDateTime(new Date('2026-11-27T10:00:00Z'))).toBe('27.11.2026, 11:00 Uhr');
    expect(berlinDateTime(new Date('2026-07-01T10:00:00Z'))).toBe('01.07.2026, 12:00 Uhr');
  });

  it('reads a date column whether the driver gives text or a local-midnight Date', () => {
    expect(isoDate('2021-03-15')).toBe('2021-03-15');
    expect(isoDate(new Date(2021, 2, 15))).toBe('2021-03-15');
  });
});
