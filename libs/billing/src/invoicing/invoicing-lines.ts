import type { RedemptionGroup } from '@passerelle/vouchers';
import { vatOf, type InvoiceLineInput, type VatTreatment } from '../invoices/invoice-totals';

/** Face values are passed on to the funder as they are (débours), outside the scope of VAT. */
export const FACE_VALUE_VAT: VatTreatment = {
  category: 'O',
  exemptionReason: 'Débours : valeur faciale des pass reversée aux structures (CGI art. 267 II 2°)',
};

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
  const lines: InvoiceLineInput[] = sorted.map((g) => ({
    description: describe(g.structureId, g.procedureCode),
    quantity: g.quantity,
    unitPriceCents: g.faceValueCents,
    vat: FACE_VALUE_VAT,
    structureId: g.structureId,
    procedureCode: g.procedureCode,
  }));
  const faceValueCents = sorted.reduce((sum, g) => sum + g.quantity * g.faceValueCents, 0);
  const feeNetCents = vatOf(faceValueCents, operatorRateBp);
  if (feeNetCents > 0) {
    lines.push({ description: `Frais d'opérateur (${operatorRateBp / 100} % de la valeur faciale)`, quantity: 1, unitPriceCents: feeNetCents, vat: feeVat });
  }
  return { lines, faceValueCents, feeNetCents };
}
