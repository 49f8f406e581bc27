import { frenchPercent } from '@passerelle/common';
import type { RedemptionGroup } from '@passerelle/vouchers';
import { InvoiceTotalsError, vatOf, type InvoiceLineInput, type VatTreatment } from '../invoices/invoice-totals';

/**
 * Face values are débours: the platform pays them on to the structures in the name and on behalf of
 * the funder, so they stay out of the taxable amount (CGI art. 267 II 2°, directive 2006/112/EC art.
 * 79 c). EN 16931 has no "débours" category: they are category E at 0 % with the VATEX code of art.
 * 79 c, which, unlike O, may sit beside the taxed fee line (BR-O-11) and with the seller's VAT number.
 */
export const FACE_VALUE_VAT = {
  category: 'E',
  exemptionReason: 'Débours : sommes reversées aux structures au nom et pour le compte du financeur (art. 267 II 2° du CGI)',
  exemptionCode: 'VATEX-EU-79-C',
} as const satisfies VatTreatment;

/**
 * The VAT of the face-value lines and of the fee line. EN 16931 has one breakdown row per category and
 * rate, so an exempt fee shares the débours' E row: both carry its wording joined to the fee's, and no
 * code (BR-E-10 accepts a text alone; VATEX-EU-79-C does not cover the fee).
 */
function linesVat(feeVat: VatTreatment): { faceValue: VatTreatment; fee: VatTreatment } {
  if (feeVat.category === 'S') return { faceValue: FACE_VALUE_VAT, fee: feeVat };
  if (feeVat.category === 'O') throw new InvoiceTotalsError('an out-of-scope fee cannot sit beside the débours (EN 16931 BR-O-11)');
  const shared: VatTreatment = { category: 'E', exemptionReason: `${FACE_VALUE_VAT.exemptionReason} ; ${feeVat.exemptionReason}` };
  return { faceValue: shared, fee: shared };
}

export interface InvoiceLinesResult {
  lines: InvoiceLineInput[];
  faceValueCents: number;
  feeNetCents: number;
}

/**
 * One line per structure, procedure and face value (count × face value), then the operator fee: the
 * program's rate in basis points applied once to the total face value, rounded half up to the cent
 * (the same exact rule as VAT, `vatOf`), so a line-by-line fee cannot drift from the total.
 */
export function invoiceLines(
  groups: RedemptionGroup[],
  operatorRateBp: number,
  feeVat: VatTreatment,
  describe: (structureId: string, procedureCode: string) => string,
): InvoiceLinesResult {
  const sorted = [...groups].sort(
    (a, b) => a.structureId.localeCompare(b.structureId) || a.procedureCode.localeCompare(b.procedureCode) || a.faceValueCents - b.faceValueCents,
  );
  const faceValueCents = sorted.reduce((sum, g) => sum + g.quantity * g.faceValueCents, 0);
  const feeNetCents = vatOf(faceValueCents, operatorRateBp);
  // Without a fee line the face values keep their own wording and code.
  const vat = feeNetCents > 0 ? linesVat(feeVat) : { faceValue: FACE_VALUE_VAT, fee: feeVat };
  const lines: InvoiceLineInput[] = sorted.map((g) => ({
    description: describe(g.structureId, g.procedureCode),
    quantity: g.quantity,
    unitPriceCents: g.faceValueCents,
    vat: vat.faceValue,
    structureId: g.structureId,
    procedureCode: g.procedureCode,
  }));
  if (feeNetCents > 0) {
    lines.push({ description: `Frais d'opérateur (${frenchPercent(operatorRateBp)} de la valeur faciale)`, quantity: 1, unitPriceCents: feeNetCents, vat: vat.fee });
  }
  return { lines, faceValueCents, feeNetCents };
}
