import { describe, expect, it } from '@jest/globals';
import { centsToDecimalCell, formatBp, formatCents, formatDate, formatDecimal, parseEuroToCents } from './format';

// Intl puts a no-break space before the euro sign.
const nb = (text: string) => text.replace(/ /g, '\u00a0');

describe('money and dates in de-DE', () => {
  it('shows cents as euros with German separators, and null as "unbekannt", never 0', () => {
    expect(formatCents(57_363_131_750)).toBe(nb('573.631.317,50 €'));
    expect(formatCents(0)).toBe(nb('0,00 €'));
    expect(formatCents(null)).toBe('unbekannt');
    expect(centsToDecimalCell(846_237_750)).toBe('8462377,50');
    expect(centsToDecimalCell(null)).toBe('');
  });

  it('shows a bare date as that calendar day and basis points as a percentage', () => {
    expect(formatDate('2026-11-30')).toBe('30.11.2026');
    expect(formatDate('2021-01-01')).toBe('01.01.2021');
    expect(formatBp(123)).toBe(nb('1,2 %'));
  });

  it('shows a measured value with its decimals, never rounded to a whole number', () => {
    expect(formatDecimal(52.5)).toBe('52,5');
    expect(formatDecimal(1234.125)).toBe('1.234,125');
    expect(formatDecimal(null)).toBe('unbekannt');
  });
});

describe('amounts as a German reader types them', () => {
  it.each([
    ['1.250.000,00', 125_000_000],
    ['1250000', 125_000_000],
    ['1234,5', 123_450],
    ['0,01', 1],
    [' 750.000,00 € ', 75_000_000],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseEuroToCents(text)).toBe(cents);
  });

  it.each(['', 'abc', '-5', '1.23', '12,345', '1,2,3', '1.2345,00', '1e6', '99999999999999999999'])('refuses %j', (text) => {
    expect(parseEuroToCents(text)).toBeNull();
  });
});
