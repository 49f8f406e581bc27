import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { DomainError } from '@passerelle/common';
import { onlinePaymentsDisabled } from '../billing.errors';
import { stripeCall } from './stripe-call';
import { STRIPE_CLIENT, type StripeClient } from './stripe-client.provider';

/** Public bodies pay by bank transfer to a virtual IBAN; private funders online, by SEPA debit or card (their choice in Stripe.js). */
export type InvoicePaymentMethod = 'bank_transfer' | 'online';

const ONLINE_METHODS = ['sepa_debit', 'card'];

export interface InvoicePaymentRequest {
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  customerId: string;
  method: InvoicePaymentMethod;
  /** Bumped only when a new PaymentIntent is deliberately wanted (e.g. after a cancelled one). */
  attempt: number;
}

export interface BankTransferInstructions {
  iban: string;
  bic: string | null;
  accountHolderName: string | null;
  reference: string | null;
  amountRemainingCents: number | null;
  hostedInstructionsUrl: string | null;
}

export interface InvoicePayment {
  paymentIntentId: string;
  status: Stripe.PaymentIntent.Status;
  allowedPaymentMethodTypes: string[];
  /** For SEPA debit and card: completes the payment in the funder's browser (Stripe.js). */
  clientSecret: string | null;
  bankTransfer: BankTransferInstructions | null;
}

/**
 * The Stripe calls that move money, each with an idempotency key derived from our own row ids, so a
 * retried job or a crash after Stripe answered never creates a second object.
 */
@Injectable()
export class StripePayments {
  constructor(@Inject(STRIPE_CLIENT) private readonly stripe: StripeClient) {}

  /** A Stripe customer for the funder, once (key `customer:<funder id>`). */
  async ensureCustomer(funder: { id: string; name: string; email?: string }): Promise<string> {
    const stripe = this.client();
    const customer = await stripeCall(() =>
      stripe.customers.create({ name: funder.name, email: funder.email, metadata: { funder_id: funder.id } }, { idempotencyKey: `customer:${funder.id}` }),
    );
    return customer.id;
  }

  /** One PaymentIntent on the platform for the invoice amount, transfer_group = invoice id (key `pi:<invoice id>:<attempt>`). */
  async createInvoicePayment(request: InvoicePaymentRequest): Promise<InvoicePayment> {
    const stripe = this.client();
    const common = {
      amount: request.amountCents,
      currency: 'eur',
      customer: request.customerId,
      transfer_group: request.invoiceId,
      description: `Facture ${request.invoiceNumber}`,
      metadata: { invoice_id: request.invoiceId, invoice_number: request.invoiceNumber },
    };
    const params: Stripe.PaymentIntentCreateParams =
      request.method === 'bank_transfer'
        ? {
            ...common,
            allowed_payment_method_types: ['customer_balance'],
            payment_method_data: { type: 'customer_balance' },
            payment_method_options: {
              customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } },
            },
            confirm: true,
          }
        : { ...common, allowed_payment_method_types: ONLINE_METHODS };
    const intent = await stripeCall(() => stripe.paymentIntents.create(params, { idempotencyKey: `pi:${request.invoiceId}:${request.attempt}` }));
    return paymentOf(intent);
  }

  /** The intent as it stands now (bank transfer instructions with the amount still expected). */
  async retrieveInvoicePayment(paymentIntentId: string): Promise<InvoicePayment> {
    const stripe = this.client();
    return paymentOf(await stripeCall(() => stripe.paymentIntents.retrieve(paymentIntentId)));
  }

  /**
   * Asks another amount of an open intent (a bank transfer recorded meanwhile lowered what is due).
   * No idempotency key: setting an amount is idempotent itself, and a replayed answer could be stale.
   */
  async updateInvoicePaymentAmount(paymentIntentId: string, amountCents: number): Promise<void> {
    const stripe = this.client();
    await stripeCall(() => stripe.paymentIntents.update(paymentIntentId, { amount: amountCents }));
  }

  /** Cancels an open intent that has nothing left to collect (the invoice was paid otherwise). */
  async cancelInvoicePayment(paymentIntentId: string): Promise<void> {
    const stripe = this.client();
    await stripeCall(() => stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: 'abandoned' }));
  }

  /** A structure's share of a paid invoice, funded by the invoice's charge (key `transfer:<payout line id>`). */
  async createTransfer(transfer: { payoutLineId: string; invoiceId: string; destination: string; amountCents: number; sourceChargeId: string }): Promise<string> {
    const stripe = this.client();
    const created = await stripeCall(() =>
      stripe.transfers.create(
        {
          amount: transfer.amountCents,
          currency: 'eur',
          destination: transfer.destination,
          source_transaction: transfer.sourceChargeId,
          transfer_group: transfer.invoiceId,
          metadata: { payout_line_id: transfer.payoutLineId, invoice_id: transfer.invoiceId },
        },
        { idempotencyKey: `transfer:${transfer.payoutLineId}` },
      ),
    );
    return created.id;
  }

  /** False in bank-transfer mode (no STRIPE_SECRET_KEY): there are no Stripe objects to compare with. */
  get configured(): boolean {
    return this.stripe !== null;
  }

  /** A PaymentIntent as Stripe holds it, for reconciliation; null when Stripe does not know it. */
  async paymentIntentState(paymentIntentId: string): Promise<PaymentIntentState | null> {
    const stripe = this.client();
    const intent = await orMissing(stripeCall(() => stripe.paymentIntents.retrieve(paymentIntentId)));
    if (intent === null) return null;
    return {
      amountCents: intent.amount,
      receivedCents: receivedCentsOf(intent),
      status: intent.status,
      transferGroup: intent.transfer_group ?? null,
      chargeId: intent.status === 'succeeded' ? stripeIdOf(intent.latest_charge) : null,
    };
  }

  /** A Transfer as Stripe holds it, for reconciliation; null when Stripe does not know it. */
  async transferState(transferId: string): Promise<TransferState | null> {
    const stripe = this.client();
    const transfer = await orMissing(stripeCall(() => stripe.transfers.retrieve(transferId)));
    if (transfer === null) return null;
    return {
      netAmountCents: transfer.amount - transfer.amount_reversed,
      destination: stripeIdOf(transfer.destination),
      sourceTransaction: stripeIdOf(transfer.source_transaction),
      transferGroup: transfer.transfer_group ?? null,
    };
  }

  private client(): Stripe {
    if (this.stripe === null) throw onlinePaymentsDisabled();
    return this.stripe;
  }
}

export interface PaymentIntentState {
  amountCents: number;
  /** What the funder has paid on it so far (a bank transfer may fund it in parts before it succeeds). */
  receivedCents: number;
  status: Stripe.PaymentIntent.Status;
  transferGroup: string | null;
  /** The charge, once the intent succeeded. */
  chargeId: string | null;
}

export interface TransferState {
  /** Amount minus what was reversed. */
  netAmountCents: number;
  destination: string | null;
  sourceTransaction: string | null;
  transferGroup: string | null;
}

/** Cumulative cents received: a partially funded bank transfer shows it only as amount − amount_remaining. */
export function receivedCentsOf(intent: Stripe.PaymentIntent): number {
  const remaining = intent.next_action?.display_bank_transfer_instructions?.amount_remaining;
  const funded = remaining === null || remaining === undefined ? 0 : intent.amount - remaining;
  return Math.max(funded, intent.amount_received ?? 0);
}

/** The id of an expandable Stripe field (an id, or the object when expanded). */
export function stripeIdOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Stripe's `resource_missing` as null: for reconciliation an object Stripe does not know is a finding, not a failure. */
async function orMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'PAYMENT_PROVIDER_REFUSED' && error.details?.stripeCode === 'resource_missing') return null;
    throw error;
  }
}

function paymentOf(intent: Stripe.PaymentIntent): InvoicePayment {
  const allowed = intent.allowed_payment_method_types ?? intent.payment_method_types;
  const bankTransfer = bankTransferOf(intent);
  return {
    paymentIntentId: intent.id,
    status: intent.status,
    allowedPaymentMethodTypes: allowed,
    // The funder's browser needs it only to pay online; a bank transfer needs the instructions.
    clientSecret: allowed.includes('customer_balance') ? null : intent.client_secret,
    bankTransfer,
  };
}

function bankTransferOf(intent: Stripe.PaymentIntent): BankTransferInstructions | null {
  const instructions = intent.next_action?.display_bank_transfer_instructions;
  const iban = instructions?.financial_addresses?.find((address) => address.type === 'iban')?.iban;
  if (!instructions || !iban) return null;
  return {
    iban: iban.iban,
    bic: iban.bic ?? null,
    accountHolderName: iban.account_holder_name ?? null,
    reference: instructions.reference,
    amountRemainingCents: instructions.amount_remaining,
    hostedInstructionsUrl: instructions.hosted_instructions_url,
  };
}
