import { formatEuros, frenchDate, frenchPercent } from './french-format';

describe('French formats', () => {
  it('writes cents as euros with grouped thousands and no-break spaces', () => {
    const plain = (cents: number) => formatEuros(cents).replace(/\u00a0/g, ' ');
    expect(plain(0)).toBe('0,00 €');
    expect(plain(5)).toBe('0,05 €');
    expect(plain(123_456)).toBe('1 234,56 €');
    expect(plain(123_456_789_01)).toBe('123 456 789,01 €');
    expect(plain(-100_000)).toBe('-1 000,00 €');
    expect(formatEuros(123_456)).toBe('1\u00a0234,56\u00a0€');
    expect(() => formatEuros(1.5)).toThrow(RangeError);
  });

  it('writes ISO days as dd/mm/yyyy', () => {
    expect(frenchDate('2026-10-01')).toBe('01/10/2026');
  });

  it('writes basis points as a French percentage, with a decimal comma and no trailing zero', () => {
    expect([0, 5, 50, 305, 333, 350, 400, 2000, 10_000].map(frenchPercent)).toEqual(['0 %', '0,05 %', '0,5 %', '3,05 %', '3,33 %', '3,5 %', '4 %', '20 %', '100 %']);
    expect(() => frenchPercent(3.5)).toThrow(RangeError);
  });
});
