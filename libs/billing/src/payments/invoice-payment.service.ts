import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import { isMemberOf, type Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { invoiceAlreadyPaid, invoiceNotFound, invoiceNotPayable } from '../billing.errors';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client.provider';
import { StripePayments, type BankTransferInstructions, type InvoicePayment } from '../stripe/stripe-payments';
import { PaymentRepository, type PayableInvoice } from './payment.repository';

/** How the funder pays this invoice now. */
export interface InvoicePaymentView {
  invoiceId: string;
  number: string;
  amountDueCents: number;
  /** True when the payment goes through Stripe (a PaymentIntent); false: plain bank transfer to the platform. */
  online: boolean;
  method: 'bank_transfer' | 'online';
  paymentIntentId: string | null;
  paymentIntentStatus: string | null;
  allowedPaymentMethodTypes: string[];
  /** For SEPA debit or card: what Stripe.js needs in the funder's browser. */
  clientSecret: string | null;
  /** For a bank transfer: where to send it and the reference to quote. */
  bankTransfer: BankTransferInstructions | null;
}

/**
 * A funder pays an invoice: one PaymentIntent on the platform for the amount due (a new attempt only
 * once the last one was cancelled; key `pi:<invoice>:<attempt>`)
 * (bank transfer to the funder's virtual IBAN for public bodies, SEPA debit or card otherwise). The
 * invoice row is locked while the intent is created, so concurrent calls wait and get the same one.
 * Without Stripe the answer is the platform's own bank details: paying by transfer is a real mode.
 */
@Injectable()
export class InvoicePaymentService {
  constructor(
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly stripePayments: StripePayments,
  ) {}

  pay(actor: Actor, invoiceId: string): Promise<InvoicePaymentView> {
    if (!isUuid(invoiceId)) throw invoiceNotFound();
    return this.transactions.run(async (manager) => {
      const invoice = await this.payments.lockInvoice(manager, invoiceId);
      if (!invoice || !isMemberOf(actor, invoice.funderId)) throw invoiceNotFound();
      if (invoice.typeCode !== 380 || invoice.status === 'credited') throw invoiceNotPayable();
      if (invoice.status === 'paid') throw invoiceAlreadyPaid();
      const amountDueCents = invoice.owedCents - invoice.amountPaidCents;
      if (this.stripe === null) return this.bankDetails(invoice, amountDueCents);
      if (invoice.stripePaymentIntentId !== null) {
        const current = await this.stripePayments.retrieveInvoicePayment(invoice.stripePaymentIntentId);
        // Cancelled at Stripe before its webhook was applied: it takes no money, the funder gets a new one.
        if (current.status !== 'canceled') return viewOf(invoice, amountDueCents, current);
      }
      const attempt = invoice.paymentIntentAttempts + 1;
      const payment = await this.stripePayments.createInvoicePayment({
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        amountCents: amountDueCents,
        customerId: await this.customerOf(manager, invoice),
        method: invoice.buyerIsPublic ? 'bank_transfer' : 'online',
        attempt,
      });
      await this.payments.setPaymentIntent(manager, invoice.id, payment.paymentIntentId, attempt);
      return viewOf(invoice, amountDueCents, payment);
    });
  }

  /** The funder's Stripe customer (and so its virtual IBAN), created once and kept. */
  private async customerOf(manager: EntityManager, invoice: PayableInvoice): Promise<string> {
    const existing = await this.payments.lockCustomer(manager, invoice.funderId);
    if (existing !== null) return existing;
    const customerId = await this.stripePayments.ensureCustomer({ id: invoice.funderId, name: invoice.buyerName });
    await this.payments.setCustomer(manager, invoice.funderId, customerId);
    return customerId;
  }

  /** Without Stripe: the platform's account (none configured outside production: no instructions). */
  private bankDetails(invoice: PayableInvoice, amountDueCents: number): InvoicePaymentView {
    const { bank, seller } = this.config.invoicing;
    const iban = invoice.paymentIban ?? bank.iban;
    return {
      invoiceId: invoice.id,
      number: invoice.number,
      amountDueCents,
      online: false,
      method: 'bank_transfer',
      paymentIntentId: null,
      paymentIntentStatus: null,
      allowedPaymentMethodTypes: [],
      clientSecret: null,
      bankTransfer:
        iban === undefined
          ? null
          : {
              iban,
              bic: bank.bic ?? null,
              accountHolderName: seller.name,
              reference: invoice.paymentReference ?? invoice.number,
              amountRemainingCents: amountDueCents,
              hostedInstructionsUrl: null,
            },
    };
  }
}

function viewOf(invoice: PayableInvoice, amountDueCents: number, payment: InvoicePayment): InvoicePaymentView {
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    amountDueCents,
    online: true,
    method: payment.allowedPaymentMethodTypes.includes('customer_balance') ? 'bank_transfer' : 'online',
    paymentIntentId: payment.paymentIntentId,
    paymentIntentStatus: payment.status,
    allowedPaymentMethodTypes: payment.allowedPaymentMethodTypes,
    clientSecret: payment.clientSecret,
    bankTransfer: payment.bankTransfer,
  };
}
