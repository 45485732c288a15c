import { isoDate } from '../common/dates';
import { berlinDate, berlinDateTime, centsToDecimal, centsToGerman, centsToMillions, guardFormula } from './export-format';

describe('money at the edge of an export', () => {
  it('writes cents as decimals with comma or point, always two places, no thousands separator', () => {
    expect(centsToDecimal(846_237_750, ',')).toBe('8462377,50');
    expect(centsToDecimal(846_237_750, '.')).toBe('8462377.50');
    expect(centsToDecimal(7, ',')).toBe('0,07');
    expect(centsToDecimal(0, '.')).toBe('0.00');
    expect(centsToDecimal(-105, ',')).toBe('-1,05');
    // The whole budget, and an amount beyond float's exact cents-as-euros range, stay exact.
    expect(centsToDecimal(82_000_000_000, ',')).toBe('820000000,00');
    expect(centsToDecimal(9_007_199_254_740_991, '.')).toBe('90071992547409.91');
  });

  it('formats German amounts with thousands dots for the PDF, and millions for chart labels', () => {
    expect(centsToGerman(846_237_750)).toBe('8.462.377,50 €');
    expect(centsToGerman(123_456_796, false)).toBe('1.234.567,96');
    expect(centsToGerman(99)).toBe('0,99 €');
    expect(centsToMillions(27_969_194_000)).toBe('279,7');
    expect(centsToMillions(0)).toBe('0,0');
    expect(centsToMillions(4_999_999)).toBe('0,0');
    expect(centsToMillions(5_000_000)).toBe('0,1');
  });
});

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
