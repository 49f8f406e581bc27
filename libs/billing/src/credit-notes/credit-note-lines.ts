import type { InvoicedVoucher } from '@passerelle/vouchers';
import { creditNoteExceedsInvoice, creditNoteLineInvalid, creditNoteVoucherInvalid } from '../billing.errors';
import type { DocumentLine } from '../documents/invoice-document';
import { shareOf, vatOf, type InvoiceLineInput, type VatBreakdown } from '../invoices/invoice-totals';

/** One line the admin credits: a quantity of its vouchers, or the named vouchers; neither means all that is left of it. */
export interface LineToCredit {
  position: number;
  quantity?: number;
  voucherIds?: string[];
}

/** What earlier credit notes took from one line of the invoice. */
export interface CreditedLine {
  quantity: number;
  netCents: number;
}

/** The invoice as the credit note sees it: its lines as issued, and what was already credited. */
export interface CreditableInvoice {
  lines: DocumentLine[];
  breakdown: VatBreakdown[];
  credited: Map<number, CreditedLine>;
  /** Its vouchers not credited yet. */
  vouchers: InvoicedVoucher[];
}

export interface CreditNoteLines {
  lines: InvoiceLineInput[];
  /** The vouchers credited, per line of the invoice. */
  vouchers: { position: number; voucherIds: string[] }[];
  /** Nothing will be left to credit afterwards. */
  closesInvoice: boolean;
}

const onLine = (line: DocumentLine) => (v: InvoicedVoucher) =>
  v.structureId === line.structureId && v.procedureCode === line.procedureCode && v.faceValueCents === line.unitPriceCents;

/**
 * The lines of a credit note: the vouchers credited on each face-value line at its unit price, then
 * the operator fee in proportion to the face value credited (`requested` null: all that is left).
 */
export function creditNoteLines(invoice: CreditableInvoice, requested: LineToCredit[] | null): CreditNoteLines {
  const faceLines = invoice.lines.filter((l) => l.structureId !== null);
  const picked = requested === null ? remainderOf(invoice, faceLines) : requested.map((r) => pick(invoice, faceLines, r));
  const creditedNow = picked.filter((p) => p.voucherIds.length > 0);
  const lines: InvoiceLineInput[] = creditedNow.map(({ line, voucherIds }) => ({
    ...asIssued(invoice, line),
    quantity: voucherIds.length,
  }));
  const faceTotal = sum(faceLines.map((l) => l.netCents));
  const faceBefore = sum(faceLines.map((l) => invoice.credited.get(l.position)?.netCents ?? 0));
  const faceAfter = faceBefore + sum(creditedNow.map(({ line, voucherIds }) => line.unitPriceCents * voucherIds.length));
  const feeLine = invoice.lines.find((l) => l.structureId === null);
  if (feeLine) {
    const feeBefore = invoice.credited.get(feeLine.position)?.netCents ?? 0;
    const fee = creditedFee(feeLine, feeBefore, faceAfter === faceTotal ? null : shareOf(feeLine.netCents, faceAfter, faceTotal));
    if (fee > 0) lines.push({ ...asIssued(invoice, feeLine), quantity: 1, unitPriceCents: fee });
  }
  return {
    lines,
    vouchers: creditedNow.map(({ line, voucherIds }) => ({ position: line.position, voucherIds })),
    closesInvoice: faceAfter === faceTotal,
  };
}

/**
 * The fee to credit now, `target` being the fee credited in all once this note is issued (null: the
 * rest of the fee). Each credit note's VAT is rounded on its own basis (EN 16931), so rounding could
 * make credit notes give back a cent more or less VAT than the invoice charged: the fee is moved by the
 * fewest cents from the proportion so that the VAT credited so far stays the VAT of the fee credited
 * so far, and what is left still closes exactly — credit notes then never sum to more than the invoice.
 */
export function creditedFee(feeLine: Pick<DocumentLine, 'netCents' | 'category' | 'rateBp'>, feeBefore: number, target: number | null): number {
  const left = feeLine.netCents - feeBefore;
  if (target === null) return left;
  const wanted = Math.min(Math.max(target - feeBefore, 0), left);
  if (feeLine.category !== 'S') return wanted;
  const rate = feeLine.rateBp;
  const adds = (fee: number) =>
    vatOf(feeBefore + fee, rate) === vatOf(feeBefore, rate) + vatOf(fee, rate) &&
    vatOf(feeBefore + fee, rate) + vatOf(left - fee, rate) === vatOf(feeLine.netCents, rate);
  // 0 always qualifies (the previous credit note left the rest closing), so the search ends.
  for (let step = 0; ; step++) {
    for (const fee of [wanted - step, wanted + step]) if (fee >= 0 && fee <= left && adds(fee)) return fee;
  }
}

function pick(invoice: CreditableInvoice, faceLines: DocumentLine[], request: LineToCredit): { line: DocumentLine; voucherIds: string[] } {
  const line = faceLines.find((l) => l.position === request.position);
  if (!line) throw creditNoteLineInvalid(request.position, "ce n'est pas une ligne de pass de la facture");
  const available = invoice.vouchers.filter(onLine(line));
  const remaining = line.quantity - (invoice.credited.get(line.position)?.quantity ?? 0);
  if (request.voucherIds) {
    if (request.quantity !== undefined && request.quantity !== request.voucherIds.length) {
      throw creditNoteLineInvalid(line.position, 'la quantité ne correspond pas au nombre de pass nommés');
    }
    for (const id of request.voucherIds) {
      if (!available.some((v) => v.voucherId === id)) throw creditNoteVoucherInvalid(line.position, id);
    }
    if (request.voucherIds.length > remaining) throw creditNoteExceedsInvoice(line.position, remaining);
    return { line, voucherIds: request.voucherIds };
  }
  const quantity = request.quantity ?? remaining;
  if (quantity > remaining || quantity > available.length || quantity === 0) throw creditNoteExceedsInvoice(line.position, remaining);
  return { line, voucherIds: available.slice(0, quantity).map((v) => v.voucherId) };
}

function remainderOf(invoice: CreditableInvoice, faceLines: DocumentLine[]): { line: DocumentLine; voucherIds: string[] }[] {
  return faceLines.map((line) => {
    const remaining = line.quantity - (invoice.credited.get(line.position)?.quantity ?? 0);
    const voucherIds = invoice.vouchers.filter(onLine(line)).map((v) => v.voucherId);
    // The vouchers are the line's: a line whose vouchers cannot all be found is not credited blindly.
    if (voucherIds.length !== remaining) throw new Error(`line ${line.position}: ${remaining} vouchers left to credit, ${voucherIds.length} found`);
    return { line, voucherIds };
  });
}

/** A line of the invoice with the VAT treatment it was issued with (an exemption's wording from its breakdown row). */
function asIssued(invoice: CreditableInvoice, line: DocumentLine): InvoiceLineInput {
  const exemption = invoice.breakdown.find((b) => b.category === line.category && b.rateBp === line.rateBp);
  return {
    description: line.description,
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
    vat:
      line.category === 'S'
        ? { category: 'S', rateBp: line.rateBp }
        : { category: line.category, exemptionReason: exemption!.exemptionReason!, ...(exemption!.exemptionCode ? { exemptionCode: exemption!.exemptionCode } : {}) },
    ...(line.structureId ? { structureId: line.structureId } : {}),
    ...(line.procedureCode ? { procedureCode: line.procedureCode } : {}),
    correctsPosition: line.position,
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
