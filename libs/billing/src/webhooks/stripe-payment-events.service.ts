import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/common';
import { parisDate } from '../invoicing/invoicing-period';
import { PaymentRecorder } from '../payments/payment-recorder.service';
import { PaymentRepository } from '../payments/payment.repository';
import { receivedCentsOf, stripeIdOf } from '../stripe/stripe-payments';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-event.repository';

/** What a payment event says: how much of the intent has arrived in all, and the charge once there is one. */
interface Funding {
  paymentIntentId: string;
  invoiceIdHint: string | null;
  cumulativeCents: number;
  chargeId: string | null;
}

/** The event types that report money received; the others (processing, payment_failed…) move nothing. */
export const PAYMENT_EVENT_TYPES = ['payment_intent.succeeded', 'payment_intent.partially_funded', 'charge.succeeded'] as const;


function hintOf(metadata: Stripe.Metadata | null | undefined): string | null {
  const id = metadata?.invoice_id;
  return id !== undefined && isUuid(id) ? id : null;
}

function fundingOf(type: string, object: unknown): Funding | null {
  if (type === 'charge.succeeded') {
    const charge = object as Stripe.Charge;
    const paymentIntentId = stripeIdOf(charge.payment_intent);
    if (!paymentIntentId) return null;
    return { paymentIntentId, invoiceIdHint: hintOf(charge.metadata), cumulativeCents: charge.amount_captured ?? charge.amount, chargeId: charge.id };
  }
  const intent = object as Stripe.PaymentIntent;
  if (type === 'payment_intent.succeeded') {
    return { paymentIntentId: intent.id, invoiceIdHint: hintOf(intent.metadata), cumulativeCents: intent.amount_received, chargeId: stripeIdOf(intent.latest_charge) };
  }
  if (type === 'payment_intent.partially_funded') {
    // A bank transfer short of the amount: the intent waits for the rest (no charge until it is complete).
    return { paymentIntentId: intent.id, invoiceIdHint: hintOf(intent.metadata), cumulativeCents: receivedCentsOf(intent), chargeId: null };
  }
  return null;
}

/**
 * Applies a payment event to its invoice. Stripe's amounts are cumulative per intent, so an event
 * records only what is new (cumulative − already recorded from that intent): a redelivery, a second
 * event about the same money (charge.succeeded after payment_intent.succeeded) or an older event
 * arriving late records nothing and is 'stale'. The invoice therefore only moves forward.
 */
@Injectable()
export class StripePaymentEvents {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly recorder: PaymentRecorder,
  ) {}

  handles(type: string): boolean {
    return (PAYMENT_EVENT_TYPES as readonly string[]).includes(type);
  }

  /**
   * payment_intent.canceled: the invoice lets go of its intent, so the funder's next payment request
   * creates another (a new attempt, a new idempotency key). An intent it already let go of is stale.
   */
  async applyCanceled(manager: EntityManager, event: StoredStripeEvent): Promise<StripeEventOutcome> {
    const intent = event.payload.data.object as Stripe.PaymentIntent;
    const invoiceId = hintOf(intent.metadata) ?? (await this.payments.invoiceOfPaymentIntent(manager, intent.id));
    const invoice = invoiceId === null ? null : await this.payments.lockInvoice(manager, invoiceId);
    if (!invoice) return 'unknown_payment';
    return (await this.payments.forgetPaymentIntent(manager, invoice.id, intent.id)) ? 'applied' : 'stale';
  }

  async apply(manager: EntityManager, event: StoredStripeEvent): Promise<StripeEventOutcome> {
    const funding = fundingOf(event.type, event.payload.data.object);
    if (!funding) return 'recorded';
    const invoiceId = funding.invoiceIdHint ?? (await this.payments.invoiceOfPaymentIntent(manager, funding.paymentIntentId));
    // Locking the invoice first also waits for the request that is still storing this intent's id.
    const invoice = invoiceId === null ? null : await this.payments.lockInvoice(manager, invoiceId);
    if (!invoice || invoice.stripePaymentIntentId !== funding.paymentIntentId) return 'unknown_payment';
    const newCents = funding.cumulativeCents - (await this.payments.receivedFromIntent(manager, funding.paymentIntentId));
    if (newCents <= 0) return 'stale';
    const dueCents = invoice.owedCents - invoice.amountPaidCents;
    // More than due (the funder also paid by plain transfer): the excess stays at Stripe for an admin to refund.
    if (invoice.typeCode !== 380 || invoice.status === 'credited' || dueCents <= 0) return 'overpaid';
    await this.recorder.record(manager, invoice, {
      invoiceId: invoice.id,
      source: 'stripe',
      reference: `${funding.paymentIntentId}:${funding.cumulativeCents}`,
      amountCents: Math.min(newCents, dueCents),
      receivedOn: parisDate(event.stripeCreatedAt),
      receivedAt: event.stripeCreatedAt,
      stripePaymentIntentId: funding.paymentIntentId,
      ...(funding.chargeId ? { stripeChargeId: funding.chargeId } : {}),
      stripeEventId: event.id,
    });
    return newCents > dueCents ? 'overpaid' : 'applied';
  }
}
