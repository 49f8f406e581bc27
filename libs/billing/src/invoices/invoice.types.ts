import type { InvoiceLineInput } from './invoice-totals';

/** Identity printed on the invoice, frozen at issue (CGI annexe II art. 242 nonies A). */
export interface InvoiceParty {
  name: string;
  address: string;
  siren?: string;
  siret?: string;
  vatNumber?: string;
  legalForm?: string;
  rcs?: string;
  shareCapital?: string;
}

export type InvoiceStatus = 'issued' | 'partially_paid' | 'paid' | 'credited';

/** Everything an invoice (380) or a credit note (381, correcting `correctsInvoiceId`) says, before numbering. */
export interface InvoiceDraft {
  /** Set when the caller refers to the invoice before issuing it (the invoicing run moves its vouchers first). */
  id?: string;
  typeCode: 380 | 381;
  correctsInvoiceId?: string;
  /** A credit note's reason, printed on it. */
  creditReason?: string;
  /** A credit note's vouchers go back to be billed on the next invoice. */
  creditRebills?: boolean;
  funderId: string;
  programId?: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  buyerIsPublic: boolean;
  /** Chorus Pro routing: the public buyer's service code and commitment (engagement) number. */
  buyerServiceCode?: string;
  buyerCommitmentNumber?: string;
  paymentTerms: string;
  latePenaltyTerms: string;
  paymentIban?: string;
  paymentReference?: string;
  lines: InvoiceLineInput[];
}

export interface IssuedInvoice {
  id: string;
  number: string;
  typeCode: 380 | 381;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
}
