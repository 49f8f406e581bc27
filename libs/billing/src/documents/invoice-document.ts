import type { VatBreakdown } from '../invoices/invoice-totals';
import type { InvoiceParty } from '../invoices/invoice.types';

export interface DocumentLine {
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  netCents: number;
  category: 'S' | 'E' | 'O';
  rateBp: number;
  /** Face-value lines name the structure they are owed to; the fee line does not. */
  structureId: string | null;
  procedureCode: string | null;
}

/** Where and how to pay (EN 16931 BG-16/BG-17): a credit transfer to this account, quoting the reference. */
export interface PaymentInstructions {
  iban: string;
  bic?: string;
  reference: string;
}

/**
 * One issued invoice or credit note as stored, everything its PDF and its CII XML print: both are
 * rendered from this single model, so they cannot disagree.
 */
export interface InvoiceDocument {
  id: string;
  number: string;
  typeCode: 380 | 381;
  issueDate: string;
  dueDate: string;
  periodStart: string;
  periodEnd: string;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  buyerIsPublic: boolean;
  buyerServiceCode: string | null;
  buyerCommitmentNumber: string | null;
  /** For a credit note: the invoice it cancels (BT-25, BT-26) and why. */
  corrects: { number: string; issueDate: string } | null;
  creditReason: string | null;
  paymentTerms: string;
  latePenaltyTerms: string;
  recoveryIndemnityCents: number;
  /** The remittance reference (BT-83): the Stripe one when set, else the invoice number. */
  paymentReference: string;
  /** Null when no account is known (online payment not yet requested) and for credit notes. */
  payment: PaymentInstructions | null;
  lines: DocumentLine[];
  breakdown: VatBreakdown[];
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
}

/** 2000 → "20", 550 → "5.5", 1 → "0.01": a rate in basis points as a decimal percentage, exactly. */
export function percentOf(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A SIRET's first nine digits are its company's SIREN. */
export function sirenOf(party: InvoiceParty): string | undefined {
  return party.siren ?? party.siret?.slice(0, 9);
}
