import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@passerelle/common';
import { TransactionRunner } from '@passerelle/database';
import { StripePayments } from '../stripe/stripe-payments';
import { PaymentRepository } from './payment.repository';

export type PaymentIntentSyncOutcome = 'no_intent' | 'unchanged' | 'updated' | 'canceled' | 'forgotten' | 'not_updatable';

/** Stripe changes an intent's amount only in these statuses (cancelling also works in requires_capture). */
const OPEN_STATUSES = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
/** Rounds before giving up (the job then retries): each round ends by checking nothing moved meanwhile. */
const MAX_ROUNDS = 5;

const unexpectedState = (error: unknown) =>
  error instanceof DomainError && error.code === 'PAYMENT_PROVIDER_REFUSED' && error.details.stripeCode === 'payment_intent_unexpected_state';

/**
 * Keeps an invoice's open PaymentIntent asking for what is still due once a bank transfer was
 * recorded (the worker's job, after the payment committed): amount = what the intent already
 * received + what the invoice still owes, or cancelled when that is nothing, so a later full Stripe
 * payment does not end `overpaid`. No transaction is open during a Stripe call: each round reads the
 * invoice, calls Stripe, then reads again and starts over if a payment was recorded meanwhile, so two
 * jobs racing for one invoice both end on the latest amount. An intent Stripe no longer lets change
 * (processing, succeeded) is left alone: its money is on its way and an excess is reported `overpaid`.
 */
@Injectable()
export class PaymentIntentSync {
  private readonly logger = new Logger(PaymentIntentSync.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly stripe: StripePayments,
  ) {}

  async sync(invoiceId: string): Promise<PaymentIntentSyncOutcome> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const wanted = await this.wanted(invoiceId);
      if (wanted === null) return 'no_intent';
      const intent = await this.stripe.paymentIntentState(wanted.paymentIntentId);
      if (intent === null || intent.status === 'canceled') return this.forget(invoiceId, wanted.paymentIntentId);
      if (!OPEN_STATUSES.has(intent.status)) return this.log(invoiceId, wanted.paymentIntentId, 'not_updatable');
      // Never below what Stripe holds already (money received but not recorded yet, or more than due).
      const amountCents = Math.max(wanted.amountCents, intent.receivedCents);
      let outcome: PaymentIntentSyncOutcome = 'unchanged';
      try {
        if (amountCents === 0) {
          await this.stripe.cancelInvoicePayment(wanted.paymentIntentId);
          outcome = 'canceled';
        } else if (amountCents !== intent.amountCents) {
          await this.stripe.updateInvoicePaymentAmount(wanted.paymentIntentId, amountCents);
          outcome = 'updated';
        }
      } catch (error) {
        // Its status moved between our read and the call (funded, cancelled): read it again.
        if (unexpectedState(error)) continue;
        throw error;
      }
      if (outcome === 'canceled') return this.forget(invoiceId, wanted.paymentIntentId, 'canceled');
      const now = await this.wanted(invoiceId);
      if (now?.paymentIntentId === wanted.paymentIntentId && now.amountCents === wanted.amountCents) return this.log(invoiceId, wanted.paymentIntentId, outcome);
    }
    throw new Error(`payment intent of invoice ${invoiceId}: the amount due kept changing, retry later`);
  }

  /** The intent and the amount it should ask: what it already received + what the invoice still owes (nothing once credited). */
  private wanted(invoiceId: string): Promise<{ paymentIntentId: string; amountCents: number } | null> {
    return this.transactions.run(async (manager) => {
      const invoice = await this.payments.findInvoice(manager, invoiceId);
      if (!invoice?.stripePaymentIntentId) return null;
      const payable = invoice.typeCode === 380 && invoice.status !== 'credited';
      const dueCents = payable ? Math.max(0, invoice.owedCents - invoice.amountPaidCents) : 0;
      const receivedCents = await this.payments.receivedFromIntent(manager, invoice.stripePaymentIntentId);
      return { paymentIntentId: invoice.stripePaymentIntentId, amountCents: receivedCents + dueCents };
      // One snapshot: a Stripe payment recorded between the two reads would otherwise count twice.
    }, 'REPEATABLE READ');
  }

  private async forget(invoiceId: string, paymentIntentId: string, outcome: 'canceled' | 'forgotten' = 'forgotten'): Promise<PaymentIntentSyncOutcome> {
    await this.transactions.run((manager) => this.payments.forgetPaymentIntent(manager, invoiceId, paymentIntentId));
    return this.log(invoiceId, paymentIntentId, outcome);
  }

  private log(invoiceId: string, paymentIntentId: string, outcome: PaymentIntentSyncOutcome): PaymentIntentSyncOutcome {
    this.logger.log({ invoiceId, paymentIntentId, outcome }, 'payment intent synced');
    return outcome;
  }
}
