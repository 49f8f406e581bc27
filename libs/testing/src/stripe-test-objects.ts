import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { formMetadata, formString, type FormObject } from './stripe-form';

/** What an endpoint answers: a status and a JSON body in Stripe's shapes. */
export interface StripeReply {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

export function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

const now = () => Math.floor(Date.now() / 1000);

export function invalidRequest(message: string, param?: string, code?: string, status = 400): StripeReply {
  return { status, body: { error: { type: 'invalid_request_error', message, param, code } } };
}

const missing = (kind: string, id: string, param?: string) =>
  invalidRequest(`No such ${kind}: '${id}'`, param, 'resource_missing', param ? 400 : 404);

function positiveAmount(form: FormObject): number | StripeReply {
  const amount = Number(formString(form, 'amount'));
  if (!Number.isSafeInteger(amount) || amount < 1) return invalidRequest('Invalid positive integer', 'amount', 'parameter_invalid_integer');
  if (formString(form, 'currency') !== 'eur') return invalidRequest('This test server only speaks eur', 'currency');
  return amount;
}

/** A French IBAN-shaped virtual account number, stable per customer like Stripe's. */
function virtualIban(customerId: string): string {
  const digits = [...customerId].map((char) => char.charCodeAt(0) % 10).join('').padEnd(23, '0').slice(0, 23);
  return `FR76${digits}`;
}

/**
 * The objects behind the endpoints we call, with Stripe's response shapes (API 2026-10-28) and the
 * rules we rely on: existing customers, accounts and charges; bank transfers to a per-customer virtual
 * IBAN; controller-style connected accounts that start with requirements due.
 */
export class StripeTestState {
  readonly customers = new Map<string, Json>();
  readonly paymentIntents = new Map<string, Json>();
  readonly accounts = new Map<string, Stripe.Account>();
  readonly transfers = new Map<string, Json>();
  readonly charges = new Map<string, Json>();

  createCustomer(form: FormObject): StripeReply {
    const customer = {
      id: stripeId('cus'),
      object: 'customer',
      created: now(),
      email: formString(form, 'email') ?? null,
      name: formString(form, 'name') ?? null,
      metadata: formMetadata(form),
      livemode: false,
    };
    this.customers.set(customer.id, customer);
    return { status: 200, body: customer };
  }

  createPaymentIntent(form: FormObject): StripeReply {
    const amount = positiveAmount(form);
    if (typeof amount !== 'number') return amount;
    const customer = formString(form, 'customer');
    if (customer !== undefined && !this.customers.has(customer)) return missing('customer', customer, 'customer');
    const allowed = Array.isArray(form.allowed_payment_method_types) ? (form.allowed_payment_method_types as string[]) : ['card'];
    const unknown = allowed.find((type) => !['customer_balance', 'sepa_debit', 'card'].includes(type));
    if (unknown) return invalidRequest(`The payment method type "${unknown}" is invalid.`, 'allowed_payment_method_types');
    if (allowed.includes('customer_balance') && customer === undefined) {
      return invalidRequest('A customer is required for customer_balance payments.', 'customer');
    }
    const id = stripeId('pi');
    const bankTransfer = allowed.includes('customer_balance') && formString(form, 'confirm') === 'true';
    const intent: Json = {
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: 'eur',
      customer: customer ?? null,
      allowed_payment_method_types: allowed,
      payment_method_types: allowed,
      status: bankTransfer ? 'requires_action' : 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      transfer_group: formString(form, 'transfer_group') ?? null,
      description: formString(form, 'description') ?? null,
      metadata: formMetadata(form),
      latest_charge: null,
      canceled_at: null,
      cancellation_reason: null,
      next_action: bankTransfer ? this.bankTransferInstructions(customer!, amount, id) : null,
      created: now(),
      livemode: false,
    };
    this.paymentIntents.set(id, intent);
    return { status: 200, body: intent };
  }

  private bankTransferInstructions(customer: string, amount: number, intentId: string): Json {
    return {
      type: 'display_bank_transfer_instructions',
      display_bank_transfer_instructions: {
        amount_remaining: amount,
        currency: 'eur',
        financial_addresses: [
          {
            type: 'iban',
            iban: { account_holder_name: 'Passerelle (test)', bic: 'SXPYFRP1XXX', country: 'FR', iban: virtualIban(customer) },
            supported_networks: ['sepa'],
          },
        ],
        hosted_instructions_url: `https://payments.stripe.com/bank_transfers/instructions/${intentId}`,
        reference: intentId.slice(3, 13).toUpperCase(),
        type: 'eu_bank_transfer',
      },
    };
  }

  retrievePaymentIntent(id: string): StripeReply {
    const intent = this.paymentIntents.get(id);
    return intent ? { status: 200, body: intent } : missing('payment_intent', id);
  }

  /**
   * Stripe changes an intent's amount only while it waits for the payer (other statuses answer
   * payment_intent_unexpected_state). A bank transfer's amount_remaining follows (what was funded
   * stays funded); an amount now covered completes the intent.
   */
  updatePaymentIntent(id: string, form: FormObject): StripeReply {
    const intent = this.paymentIntents.get(id);
    if (!intent) return missing('payment_intent', id);
    if (form.amount === undefined) return { status: 200, body: intent };
    const amount = Number(formString(form, 'amount'));
    if (!Number.isSafeInteger(amount) || amount < 1) return invalidRequest('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status as string)) {
      return invalidRequest(
        `This PaymentIntent's amount could not be updated because it has a status of ${intent.status as string}. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const instructions = this.instructionsOf(intent);
    const funded = instructions ? (intent.amount as number) - instructions.amount_remaining : 0;
    intent.amount = amount;
    if (instructions) {
      instructions.amount_remaining = Math.max(amount - funded, 0);
      if (instructions.amount_remaining === 0) this.fundPaymentIntent(id, 0);
    }
    return { status: 200, body: intent };
  }

  /** Cancels an intent that has not succeeded (Stripe's statuses and error for the others). */
  cancelPaymentIntent(id: string, form: FormObject): StripeReply {
    const intent = this.paymentIntents.get(id);
    if (!intent) return missing('payment_intent', id);
    if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'].includes(intent.status as string)) {
      return invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status as string}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    Object.assign(intent, { status: 'canceled', canceled_at: now(), cancellation_reason: formString(form, 'cancellation_reason') ?? null, next_action: null });
    return { status: 200, body: intent };
  }

  private instructionsOf(intent: Json): { amount_remaining: number } | undefined {
    return (intent.next_action as { display_bank_transfer_instructions?: { amount_remaining: number } } | null)?.display_bank_transfer_instructions;
  }

  /**
   * Test control: the funder's money arrives, whole or in part. A bank transfer (customer_balance)
   * short of the amount partially funds the intent (amount_remaining goes down, no charge yet); once
   * complete, or for SEPA debit and card, the intent succeeds with one charge for its whole amount.
   */
  fundPaymentIntent(id: string, amount: number): { intent: Json; chargeId: string | null } {
    const intent = this.paymentIntents.get(id);
    if (!intent) throw new Error(`no payment intent ${id}`);
    const total = intent.amount as number;
    const instructions = this.instructionsOf(intent);
    if (instructions && instructions.amount_remaining - amount > 0) {
      instructions.amount_remaining -= amount;
      return { intent, chargeId: null };
    }
    const charge = { id: stripeId('ch'), object: 'charge', amount: total, amount_captured: total, currency: 'eur', paid: true, status: 'succeeded', payment_intent: id, metadata: {}, created: now() };
    this.charges.set(charge.id, charge);
    Object.assign(intent, { amount_received: total, latest_charge: charge.id, status: 'succeeded', next_action: null });
    return { intent, chargeId: charge.id };
  }

  createAccount(form: FormObject): StripeReply {
    const id = `acct_1${randomBytes(8).toString('hex')}`;
    const dashboard = formString(form, 'controller', 'stripe_dashboard', 'type') ?? 'full';
    const account = {
      id,
      object: 'account',
      country: formString(form, 'country') ?? 'FR',
      email: formString(form, 'email') ?? null,
      default_currency: 'eur',
      business_type: formString(form, 'business_type') ?? null,
      type: dashboard === 'express' ? 'express' : dashboard === 'none' ? 'custom' : 'standard',
      controller: {
        type: 'application',
        is_controller: true,
        fees: { payer: formString(form, 'controller', 'fees', 'payer') ?? 'account' },
        losses: { payments: formString(form, 'controller', 'losses', 'payments') ?? 'stripe' },
        requirement_collection: formString(form, 'controller', 'requirement_collection') ?? 'stripe',
        stripe_dashboard: { type: dashboard },
      },
      capabilities: formString(form, 'capabilities', 'transfers', 'requested') === 'true' ? { transfers: 'inactive' } : {},
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements: {
        currently_due: ['business_profile.url', 'external_account', 'tos_acceptance.date'],
        eventually_due: ['business_profile.url', 'external_account', 'tos_acceptance.date'],
        past_due: [],
        pending_verification: [],
        disabled_reason: 'requirements.past_due',
        current_deadline: null,
        errors: [],
        alternatives: [],
      },
      metadata: formMetadata(form),
      created: now(),
    } as unknown as Stripe.Account;
    this.accounts.set(id, account);
    return { status: 200, body: account };
  }

  retrieveAccount(id: string): StripeReply {
    const account = this.accounts.get(id);
    return account ? { status: 200, body: account } : missing('account', id);
  }

  createAccountLink(form: FormObject): StripeReply {
    const account = formString(form, 'account');
    if (account === undefined || !this.accounts.has(account)) return missing('account', account ?? '', 'account');
    if (formString(form, 'type') !== 'account_onboarding' && formString(form, 'type') !== 'account_update') {
      return invalidRequest('Invalid type', 'type');
    }
    for (const param of ['refresh_url', 'return_url']) {
      if (!/^https?:\/\//.test(formString(form, param) ?? '')) return invalidRequest(`Invalid URL: ${param}`, param);
    }
    const created = now();
    return {
      status: 200,
      body: { object: 'account_link', created, expires_at: created + 300, url: `https://connect.stripe.com/setup/e/${account}/${randomBytes(9).toString('base64url')}` },
    };
  }

  createTransfer(form: FormObject): StripeReply {
    const amount = positiveAmount(form);
    if (typeof amount !== 'number') return amount;
    const destination = formString(form, 'destination');
    if (destination === undefined || !this.accounts.has(destination)) return missing('destination', destination ?? '', 'destination');
    const source = formString(form, 'source_transaction');
    if (source !== undefined && !this.charges.has(source)) return missing('charge', source, 'source_transaction');
    if (source !== undefined) {
      const drawn = [...this.transfers.values()].filter((t) => t.source_transaction === source).reduce((sum, t) => sum + (t.amount as number), 0);
      if (drawn + amount > (this.charges.get(source)!.amount as number)) {
        return invalidRequest('Insufficient funds in the source transaction for this transfer.', 'amount', 'balance_insufficient');
      }
    }
    const transfer = {
      id: stripeId('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency: 'eur',
      destination,
      source_transaction: source ?? null,
      transfer_group: formString(form, 'transfer_group') ?? null,
      metadata: formMetadata(form),
      reversed: false,
      created: now(),
      livemode: false,
    };
    this.transfers.set(transfer.id, transfer);
    return { status: 200, body: transfer };
  }

  retrieveTransfer(id: string): StripeReply {
    const transfer = this.transfers.get(id);
    return transfer ? { status: 200, body: transfer } : missing('transfer', id);
  }
}
