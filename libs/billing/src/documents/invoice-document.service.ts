import { Injectable } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import type { Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { invoiceNotFound } from '../billing.errors';
import { invoiceScopeOf } from '../invoices/invoice-access';
import { renderInvoiceCii } from './invoice-cii';
import type { InvoiceDocument, PaymentInstructions } from './invoice-document';
import { InvoiceDocumentRepository, type StoredInvoiceDocument } from './invoice-document.repository';
import { renderInvoicePdf } from './invoice-pdf';

export interface RenderedInvoice<T> {
  number: string;
  content: T;
}

/** The PDF and the EN 16931 CII XML of an invoice or credit note, for its funder's members and admins. */
@Injectable()
export class InvoiceDocumentService {
  constructor(
    private readonly documents: InvoiceDocumentRepository,
    private readonly config: AppConfig,
  ) {}

  /** Another funder's invoice is not found, like a missing one (no existence leak). */
  async document(actor: Actor, invoiceId: string): Promise<InvoiceDocument> {
    if (!isUuid(invoiceId)) throw invoiceNotFound();
    const stored = await this.documents.find(invoiceId, invoiceScopeOf(actor));
    if (!stored) throw invoiceNotFound();
    const { paymentIban, paymentReference, ...rest } = stored;
    return { ...rest, paymentReference: paymentReference ?? stored.number, payment: this.paymentOf(stored) };
  }

  async pdf(actor: Actor, invoiceId: string): Promise<RenderedInvoice<Buffer>> {
    const doc = await this.document(actor, invoiceId);
    return { number: doc.number, content: await renderInvoicePdf(doc) };
  }

  async cii(actor: Actor, invoiceId: string): Promise<RenderedInvoice<string>> {
    const doc = await this.document(actor, invoiceId);
    return { number: doc.number, content: renderInvoiceCii(doc) };
  }

  /**
   * The Stripe virtual IBAN once the funder asked to pay online; otherwise, in bank-transfer mode (no
   * Stripe), the platform's own account. A credit note is not paid by its buyer: no account.
   */
  private paymentOf(stored: StoredInvoiceDocument): PaymentInstructions | null {
    if (stored.typeCode === 381) return null;
    const reference = stored.paymentReference ?? stored.number;
    if (stored.paymentIban) return { iban: stored.paymentIban, reference };
    const { iban, bic } = this.config.invoicing.bank;
    if (!iban || this.config.stripe.secretKey !== undefined) return null;
    return { iban, ...(bic ? { bic } : {}), reference };
  }
}
