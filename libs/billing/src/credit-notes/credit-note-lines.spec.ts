import type { InvoicedVoucher } from '@passerelle/vouchers';
import type { DocumentLine } from '../documents/invoice-document';
import { computeInvoiceTotals, shareOf, vatOf } from '../invoices/invoice-totals';
import { creditNoteLines, creditedFee, type CreditableInvoice } from './credit-note-lines';

/** A small deterministic generator (no dependency): the same cases on every run. */
function random(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % max;
  };
}

const faceLine = (position: number, structureId: string, quantity: number): DocumentLine => ({
  position,
  description: `Pass ${structureId}`,
  quantity,
  unitPriceCents: 1_000,
  netCents: quantity * 1_000,
  category: 'O',
  rateBp: 0,
  structureId,
  procedureCode: 'p',
});

function invoiceOf(quantities: number[], feeCents: number): CreditableInvoice {
  const lines = quantities.map((q, i) => faceLine(i + 1, `s${i + 1}`, q));
  lines.push({ position: lines.length + 1, description: 'Frais', quantity: 1, unitPriceCents: feeCents, netCents: feeCents, category: 'S', rateBp: 2_000, structureId: null, procedureCode: null });
  const vouchers: InvoicedVoucher[] = quantities.flatMap((q, i) =>
    Array.from({ length: q }, (_, n) => ({ voucherId: `v${i + 1}-${n}`, structureId: `s${i + 1}`, procedureCode: 'p', faceValueCents: 1_000 })),
  );
  return {
    lines,
    breakdown: [{ category: 'O', rateBp: 0, taxableCents: 0, vatCents: 0, exemptionReason: 'Débours' }],
    credited: new Map(),
    vouchers,
  };
}

describe('creditedFee', () => {
  it('adds up to the fee and its VAT exactly over any sequence of partial credit notes, each close to the proportion', () => {
    const next = random(42);
    for (let run = 0; run < 2_000; run++) {
      const fee = 1 + next(5_000);
      const rateBp = [2_000, 1_000, 550, 210, 333][next(5)]!;
      const faceTotal = 1_000 * (1 + next(50));
      let faceCredited = 0;
      let feeCredited = 0;
      let vatCredited = 0;
      while (faceCredited < faceTotal) {
        faceCredited = Math.min(faceTotal, faceCredited + 1_000 * (1 + next(5)));
        const line = { netCents: fee, category: 'S' as const, rateBp };
        const credit = creditedFee(line, feeCredited, faceCredited === faceTotal ? null : shareOf(fee, faceCredited, faceTotal));
        expect(credit).toBeGreaterThanOrEqual(0);
        if (faceCredited < faceTotal) expect(Math.abs(feeCredited + credit - shareOf(fee, faceCredited, faceTotal))).toBeLessThanOrEqual(10_000 / rateBp + 1);
        feeCredited += credit;
        vatCredited += vatOf(credit, rateBp);
        expect(vatCredited).toBeLessThanOrEqual(vatOf(fee, rateBp));
      }
      expect({ feeCredited, vatCredited }).toEqual({ feeCredited: fee, vatCredited: vatOf(fee, rateBp) });
    }
  });

  it('is the exact proportion when the fee is not taxed', () => {
    expect(creditedFee({ netCents: 333, category: 'E', rateBp: 0 }, 0, shareOf(333, 3_000, 10_000))).toBe(100);
  });
});

describe('creditNoteLines', () => {
  it('credits a quantity of a line, the latest vouchers first, with the fee in proportion and the lines named', () => {
    const invoice = invoiceOf([6, 4], 333);
    const { lines, vouchers, closesInvoice } = creditNoteLines(invoice, [{ position: 2, quantity: 2 }]);
    expect(lines.map((l) => [l.correctsPosition, l.quantity, l.unitPriceCents])).toEqual([
      [2, 2, 1_000],
      [3, 1, 68],
    ]);
    // 333 × 2/10 = 66.6 → 67, whose VAT (13) and that of what is left (266 → 53) would miss the invoice's 67 by a cent: 68 (14 + 53).
    expect(vatOf(67, 2_000) + vatOf(266, 2_000)).toBe(vatOf(333, 2_000) - 1);
    expect(vatOf(68, 2_000) + vatOf(265, 2_000)).toBe(vatOf(333, 2_000));
    expect(vouchers).toEqual([{ position: 2, voucherIds: ['v2-0', 'v2-1'] }]);
    expect(closesInvoice).toBe(false);
    expect(computeInvoiceTotals(lines).totalGrossCents).toBe(2_000 + 68 + 14);
  });

  it('credits what is left after earlier credit notes', () => {
    const invoice = { ...invoiceOf([6, 4], 333), credited: new Map([[2, { quantity: 2, netCents: 2_000 }], [3, { quantity: 1, netCents: 68 }]]) };
    invoice.vouchers = invoice.vouchers.filter((v) => !['v2-0', 'v2-1'].includes(v.voucherId));
    const { lines, closesInvoice } = creditNoteLines(invoice, null);
    expect(lines.map((l) => [l.correctsPosition, l.quantity, l.unitPriceCents])).toEqual([
      [1, 6, 1_000],
      [2, 2, 1_000],
      [3, 1, 265],
    ]);
    expect(closesInvoice).toBe(true);
  });

  it('refuses a fee line, an unknown line, more than is left and vouchers of another line, with stable codes', () => {
    const invoice = invoiceOf([6, 4], 333);
    const codeOf = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(codeOf(() => creditNoteLines(invoice, [{ position: 3 }]))).toBe('CREDIT_NOTE_LINE_INVALID');
    expect(codeOf(() => creditNoteLines(invoice, [{ position: 9, quantity: 1 }]))).toBe('CREDIT_NOTE_LINE_INVALID');
    expect(codeOf(() => creditNoteLines(invoice, [{ position: 1, quantity: 7 }]))).toBe('CREDIT_NOTE_EXCEEDS_INVOICE');
    expect(codeOf(() => creditNoteLines(invoice, [{ position: 1, voucherIds: ['v2-0'] }]))).toBe('CREDIT_NOTE_VOUCHER_INVALID');
    expect(codeOf(() => creditNoteLines(invoice, [{ position: 1, quantity: 2, voucherIds: ['v1-0'] }]))).toBe('CREDIT_NOTE_LINE_INVALID');
  });
});
