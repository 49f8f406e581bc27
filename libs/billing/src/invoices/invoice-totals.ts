/**
 * Invoice arithmetic in integer cents, per EN 16931: line net amounts are exact (quantity × unit
 * price), VAT is computed once per category and rate on the sum of its lines (BR-CO-17) and rounded
 * half away from zero, and the totals are exact sums of what is shown (BR-CO-10, BR-CO-14, BR-CO-15).
 */

/** S: standard rate; E: exempt (with its legal wording); O: outside the scope of VAT. */
export type VatTreatment =
  | { category: 'S'; rateBp: number }
  | { category: 'E' | 'O'; exemptionReason: string; exemptionCode?: string };

export interface InvoiceLineInput {
  description: string;
  quantity: number;
  unitPriceCents: number;
  vat: VatTreatment;
  structureId?: string;
  procedureCode?: string;
  /** On a credit note: the position of the invoice line it credits. */
  correctsPosition?: number;
}

export interface ComputedLine extends InvoiceLineInput {
  position: number;
  netCents: number;
}

export interface VatBreakdown {
  category: 'S' | 'E' | 'O';
  rateBp: number;
  taxableCents: number;
  vatCents: number;
  exemptionReason?: string;
  exemptionCode?: string;
}

export interface InvoiceTotals {
  lines: ComputedLine[];
  breakdown: VatBreakdown[];
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
}

export class InvoiceTotalsError extends Error {}

/** amount × rateBp / 10 000, rounded half away from zero, exactly (bigint: no float anywhere). */
export function vatOf(amountCents: number, rateBp: number): number {
  return shareOf(amountCents, rateBp, 10_000);
}

/** amount × numerator / denominator (denominator > 0), rounded half away from zero, exactly: a proportion of an amount in cents. */
export function shareOf(amountCents: number, numerator: number, denominator: number): number {
  const product = BigInt(amountCents) * BigInt(numerator);
  const sign = product < 0n ? -1n : 1n;
  const magnitude = product * sign;
  const divisor = BigInt(denominator);
  const rounded = (2n * magnitude + divisor) / (2n * divisor);
  return Number(rounded * sign);
}

function safe(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new InvoiceTotalsError(`${what} is beyond safe integer cents`);
  return value;
}

function checkLine(line: InvoiceLineInput, position: number): void {
  const where = `line ${position}`;
  if (line.description.trim().length === 0) throw new InvoiceTotalsError(`${where}: description is empty`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new InvoiceTotalsError(`${where}: quantity must be a positive integer`);
  if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) {
    throw new InvoiceTotalsError(`${where}: unit price must be non-negative integer cents`);
  }
  const { vat } = line;
  if (vat.category === 'S') {
    if (!Number.isInteger(vat.rateBp) || vat.rateBp < 1 || vat.rateBp > 10_000) throw new InvoiceTotalsError(`${where}: VAT rate out of range`);
  } else if (vat.exemptionReason.trim().length === 0) {
    throw new InvoiceTotalsError(`${where}: an exempt or out-of-scope line needs its legal wording`);
  }
}

export function computeInvoiceTotals(inputs: InvoiceLineInput[]): InvoiceTotals {
  if (inputs.length === 0) throw new InvoiceTotalsError('an invoice has at least one line');
  const lines = inputs.map((line, index) => {
    checkLine(line, index + 1);
    return { ...line, position: index + 1, netCents: safe(line.quantity * line.unitPriceCents, `line ${index + 1} amount`) };
  });

  const groups = new Map<string, VatBreakdown>();
  for (const line of lines) {
    const rateBp = line.vat.category === 'S' ? line.vat.rateBp : 0;
    const key = `${line.vat.category}:${rateBp}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        category: line.vat.category,
        rateBp,
        taxableCents: line.netCents,
        vatCents: 0,
        ...(line.vat.category === 'S' ? {} : { exemptionReason: line.vat.exemptionReason, exemptionCode: line.vat.exemptionCode }),
      });
      continue;
    }
    if (line.vat.category !== 'S' && (line.vat.exemptionReason !== group.exemptionReason || line.vat.exemptionCode !== group.exemptionCode)) {
      // EN 16931 has one breakdown row per category and rate, so one wording per category.
      throw new InvoiceTotalsError(`line ${line.position}: two different exemption wordings in category ${line.vat.category}`);
    }
    group.taxableCents = safe(group.taxableCents + line.netCents, 'category total');
  }

  const breakdown = [...groups.values()]
    .map((group) => ({ ...group, vatCents: group.category === 'S' ? vatOf(group.taxableCents, group.rateBp) : 0 }))
    .sort((a, b) => a.category.localeCompare(b.category) || a.rateBp - b.rateBp);
  const totalNetCents = safe(lines.reduce((sum, line) => sum + line.netCents, 0), 'net total');
  const totalVatCents = safe(breakdown.reduce((sum, group) => sum + group.vatCents, 0), 'VAT total');
  return { lines, breakdown, totalNetCents, totalVatCents, totalGrossCents: safe(totalNetCents + totalVatCents, 'gross total') };
}
