import { centsToDecimal, centsToGerman, centsToMillions, euros } from './money-format';

describe('money as text', () => {
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

  it('writes amounts in messages as euros with a decimal point, exact to the cent', () => {
    expect(euros(110_000_000_050)).toBe('1100000000.50 €');
    expect(euros(7)).toBe('0.07 €');
  });
});
