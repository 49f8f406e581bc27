import { computeInvoiceTotals } from '../invoices/invoice-totals';
import { FACE_VALUE_VAT, invoiceLines } from './invoicing-lines';

const groups = [
  { structureId: 'b-structure', procedureCode: 'caf', faceValueCents: 2_500, quantity: 2 },
  { structureId: 'a-structure', procedureCode: 'carte-grise', faceValueCents: 1_000, quantity: 3 },
];
const name = (structureId: string, procedureCode: string) => `Pass — ${procedureCode}, ${structureId}`;
const EXEMPTION = 'TVA non applicable, art. 293 B du CGI';

describe('invoice lines: débours and operator fee', () => {
  it('puts the face values in category E (débours, VATEX-EU-79-C) beside a taxed fee: two breakdown rows', () => {
    const { lines, faceValueCents, feeNetCents } = invoiceLines(groups, 400, { category: 'S', rateBp: 2_000 }, name);
    expect(lines.map((l) => [l.structureId ?? null, l.quantity, l.unitPriceCents, l.vat.category])).toEqual([
      ['a-structure', 3, 1_000, 'E'],
      ['b-structure', 2, 2_500, 'E'],
      [null, 1, 320, 'S'],
    ]);
    expect({ faceValueCents, feeNetCents }).toEqual({ faceValueCents: 8_000, feeNetCents: 320 });
    expect(computeInvoiceTotals(lines).breakdown).toEqual([
      { category: 'E', rateBp: 0, taxableCents: 8_000, vatCents: 0, exemptionReason: FACE_VALUE_VAT.exemptionReason, exemptionCode: 'VATEX-EU-79-C' },
      { category: 'S', rateBp: 2_000, taxableCents: 320, vatCents: 64 },
    ]);
    expect(FACE_VALUE_VAT.exemptionReason).toMatch(/^Débours : .*au nom et pour le compte du financeur \(art\. 267 II 2° du CGI\)$/);
  });

  it('gives an exempt fee and the débours one E row whose wording joins both, without a code', () => {
    const { lines } = invoiceLines(groups, 400, { category: 'E', exemptionReason: EXEMPTION }, name);
    expect(new Set(lines.map((l) => l.vat)).size).toBe(1);
    expect(computeInvoiceTotals(lines).breakdown).toEqual([
      { category: 'E', rateBp: 0, taxableCents: 8_320, vatCents: 0, exemptionReason: `${FACE_VALUE_VAT.exemptionReason} ; ${EXEMPTION}` },
    ]);
  });

  it('keeps the débours code when there is no fee line, and fits the longest exemption wording the config allows', () => {
    const { lines } = invoiceLines(groups, 0, { category: 'E', exemptionReason: EXEMPTION }, name);
    expect(computeInvoiceTotals(lines).breakdown).toEqual([
      { category: 'E', rateBp: 0, taxableCents: 8_000, vatCents: 0, exemptionReason: FACE_VALUE_VAT.exemptionReason, exemptionCode: 'VATEX-EU-79-C' },
    ]);
    // INVOICE_FEE_VAT_EXEMPTION is at most 190 characters; the breakdown row stores at most 300.
    const longest = invoiceLines(groups, 400, { category: 'E', exemptionReason: 'x'.repeat(190) }, name);
    expect(computeInvoiceTotals(longest.lines).breakdown[0]!.exemptionReason!.length).toBeLessThanOrEqual(300);
  });

  it('refuses an out-of-scope fee, which EN 16931 forbids beside any other category', () => {
    expect(() => invoiceLines(groups, 400, { category: 'O', exemptionReason: 'Hors champ' }, name)).toThrow(/BR-O-11/);
  });
});
