import { InvoiceTotalsError, computeInvoiceTotals, vatOf, type InvoiceLineInput } from './invoice-totals';
import { formatInvoiceNumber } from './invoice-number';

const standard = (rateBp = 2000) => ({ category: 'S' as const, rateBp });
const exempt = { category: 'E' as const, exemptionReason: 'TVA non applicable, art. 293 B du CGI', exemptionCode: 'VATEX-FR-FRANCHISE' };
const line = (quantity: number, unitPriceCents: number, vat: InvoiceLineInput['vat'] = standard()): InvoiceLineInput => ({
  description: 'Accompagnement carte grise',
  quantity,
  unitPriceCents,
  vat,
});

describe('vatOf (EN 16931 rounding in cents)', () => {
  it.each([
    [1, 5000, 1], // 0.5 cent rounds up
    [10, 500, 1], // exactly half
    [3, 550, 0], // 0.165
    [10, 550, 1], // 0.55
    [25, 2000, 5], // exact
    [1_234_567, 550, 67_901], // 67 901.185
    [1_234_567, 2000, 246_913], // 246 913.4
    [-10, 500, -1], // half away from zero on credits too
    [0, 2000, 0],
  ])('%i cents at %i bp → %i', (amount, rateBp, expected) => {
    expect(vatOf(amount, rateBp)).toBe(expected);
  });

  it('stays exact beyond float precision', () => {
    // 2^53 − 1 cents at 20 %: a float product would lose the last digits.
    expect(vatOf(Number.MAX_SAFE_INTEGER, 2000)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 2000n + 5000n) / 10000n));
  });
});

describe('computeInvoiceTotals', () => {
  it('sums exact line amounts and adds VAT per category', () => {
    const totals = computeInvoiceTotals([line(10, 2000), line(3, 1500)]);
    expect(totals.lines.map((l) => [l.position, l.netCents])).toEqual([
      [1, 20_000],
      [2, 4_500],
    ]);
    expect(totals.breakdown).toEqual([{ category: 'S', rateBp: 2000, taxableCents: 24_500, vatCents: 4_900 }]);
    expect(totals).toMatchObject({ totalNetCents: 24_500, totalVatCents: 4_900, totalGrossCents: 29_400 });
  });

  it('rounds VAT once per category, not per line (BR-CO-17)', () => {
    // Three lines of 1 cent at 50 %: per line 0.5 → 1 each (3 cents); per category 1.5 → 2 cents.
    const totals = computeInvoiceTotals([line(1, 1, standard(5000)), line(1, 1, standard(5000)), line(1, 1, standard(5000))]);
    expect(totals.totalVatCents).toBe(2);
    expect(totals.totalGrossCents).toBe(5);
  });

  it('keeps exempt lines in their own category with the legal wording, and no VAT', () => {
    const totals = computeInvoiceTotals([line(2, 2500, exempt), line(1, 333, standard(550)), line(1, 1000)]);
    expect(totals.breakdown).toEqual([
      { category: 'E', rateBp: 0, taxableCents: 5_000, vatCents: 0, exemptionReason: exempt.exemptionReason, exemptionCode: exempt.exemptionCode },
      { category: 'S', rateBp: 550, taxableCents: 333, vatCents: 18 }, // 18.315
      { category: 'S', rateBp: 2000, taxableCents: 1_000, vatCents: 200 },
    ]);
    expect(totals).toMatchObject({ totalNetCents: 6_333, totalVatCents: 218, totalGrossCents: 6_551 });
  });

  it('refuses what cannot be a correct invoice', () => {
    const fails = (lines: InvoiceLineInput[], message: RegExp) => expect(() => computeInvoiceTotals(lines)).toThrow(message);
    fails([], /at least one line/);
    fails([line(0, 100)], /quantity/);
    fails([line(1.5, 100)], /quantity/);
    fails([line(1, 10.5)], /unit price/);
    fails([line(1, -1)], /unit price/);
    fails([line(1, 100, standard(0))], /VAT rate/);
    fails([line(1, 100, { category: 'O', exemptionReason: ' ' })], /legal wording/);
    fails([line(1, 100, exempt), line(1, 100, { ...exempt, exemptionReason: 'Exonération, art. 261-7 du CGI' })], /two different exemption wordings/);
    fails([line(2, Number.MAX_SAFE_INTEGER)], /safe integer/);
    expect(() => computeInvoiceTotals([])).toThrow(InvoiceTotalsError);
  });

  it('keeps the EN 16931 sums exact on random invoices', () => {
    let seed = 42;
    const random = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % max;
    };
    const rates = [2000, 1000, 550, 210];
    for (let run = 0; run < 500; run += 1) {
      const lines = Array.from({ length: 1 + random(12) }, () =>
        random(5) === 0 ? line(1 + random(50), random(100_000), exempt) : line(1 + random(50), random(100_000), standard(rates[random(4)])),
      );
      const totals = computeInvoiceTotals(lines);
      expect(totals.totalNetCents).toBe(totals.lines.reduce((sum, l) => sum + l.netCents, 0));
      expect(totals.totalNetCents).toBe(totals.breakdown.reduce((sum, b) => sum + b.taxableCents, 0));
      expect(totals.totalVatCents).toBe(totals.breakdown.reduce((sum, b) => sum + b.vatCents, 0));
      expect(totals.totalGrossCents).toBe(totals.totalNetCents + totals.totalVatCents);
      for (const row of totals.breakdown) {
        // Within half a cent of the exact rational value, in integer arithmetic.
        expect(Math.abs(row.vatCents * 10_000 - row.taxableCents * row.rateBp)).toBeLessThanOrEqual(5_000);
      }
    }
  });
});

describe('formatInvoiceNumber', () => {
  it('writes PAS-<year>-<six digits> and refuses what does not fit', () => {
    expect(formatInvoiceNumber(2026, 123)).toBe('PAS-2026-000123');
    expect(formatInvoiceNumber(2026, 999_999)).toBe('PAS-2026-999999');
    expect(() => formatInvoiceNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatInvoiceNumber(2026, 1_000_000)).toThrow(RangeError);
  });
});
