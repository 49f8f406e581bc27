import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { readStripeContractKey } from '../../config/src/app-config';
import { startStripeTestServer, type StripeTestServer } from './stripe-test-server';

/**
 * What Passerelle relies on from Stripe, observable through the SDK only: the same suite runs against
 * the local test server always, and against Stripe itself (test mode) when STRIPE_TEST_SECRET_KEY is
 * set and the network is there.
 */
interface Target {
  name: string;
  start(): Promise<{ stripe: Stripe; close(): Promise<void> }>;
}

const contractKey = readStripeContractKey();
const targets: Target[] = [
  {
    name: 'the local Stripe test server',
    async start() {
      const server: StripeTestServer = await startStripeTestServer();
      return { stripe: server.client(), close: () => server.close() };
    },
  },
];
if (contractKey) {
  targets.push({ name: 'Stripe itself (test mode)', start: async () => ({ stripe: new Stripe(contractKey, { telemetry: false }), close: async () => {} }) });
} else {
  process.stdout.write('stripe-contract.spec: against the local test server only; set STRIPE_TEST_SECRET_KEY (sk_test_…) to also run it against Stripe.\n');
}

describe.each(targets)('Stripe contract: $name', (target) => {
  let stripe: Stripe;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stripe, close } = await target.start());
  });
  afterAll(() => close());

  it('gives a bank-transfer PaymentIntent (customer_balance) a virtual IBAN to pay to', async () => {
    const customer = await stripe.customers.create({ name: 'Département (contract test)' });
    const intent = await stripe.paymentIntents.create({
      amount: 12_345,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['customer_balance'],
      payment_method_data: { type: 'customer_balance' },
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } } },
      confirm: true,
      transfer_group: `contract-${randomUUID()}`,
    });
    expect(intent.status).toBe('requires_action');
    const instructions = intent.next_action?.display_bank_transfer_instructions;
    expect(instructions?.type).toBe('eu_bank_transfer');
    expect(instructions?.amount_remaining).toBe(12_345);
    expect(instructions?.financial_addresses?.find((address) => address.type === 'iban')?.iban?.iban).toMatch(/^FR\d{2}[0-9A-Z]{23}$/);
    expect((await stripe.paymentIntents.retrieve(intent.id)).amount).toBe(12_345);
  });

  it('lowers the amount of an intent waiting for its bank transfer, cancels it, and then refuses both', async () => {
    const customer = await stripe.customers.create({ name: 'Département (contract test)' });
    const intent = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['customer_balance'],
      payment_method_data: { type: 'customer_balance' },
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } } },
      confirm: true,
    });
    const lowered = await stripe.paymentIntents.update(intent.id, { amount: 6_000 });
    expect(lowered.amount).toBe(6_000);
    expect((await stripe.paymentIntents.retrieve(intent.id)).amount).toBe(6_000);
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await expect(stripe.paymentIntents.update(intent.id, { amount: 5_000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.cancel(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('replays a repeated Idempotency-Key and refuses it with other parameters', async () => {
    const key = `contract-customer-${randomUUID()}`;
    const first = await stripe.customers.create({ name: 'A' }, { idempotencyKey: key });
    expect((await stripe.customers.create({ name: 'A' }, { idempotencyKey: key })).id).toBe(first.id);
    await expect(stripe.customers.create({ name: 'B' }, { idempotencyKey: key })).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('creates a platform-controlled connected account that needs onboarding, and a short-lived onboarding link', async () => {
    const account = await stripe.accounts.create({
      country: 'FR',
      controller: {
        fees: { payer: 'application' },
        losses: { payments: 'application' },
        requirement_collection: 'stripe',
        stripe_dashboard: { type: 'express' },
      },
      capabilities: { transfers: { requested: true } },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.payouts_enabled).toBe(false);
    expect(account.requirements?.currently_due?.length).toBeGreaterThan(0);
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'https://example.org/refresh',
      return_url: 'https://example.org/return',
    });
    expect(link.url).toMatch(/^https:\/\//);
    expect(link.expires_at - link.created).toBeLessThanOrEqual(600);
  });

  it('refuses a transfer funded by a charge that does not exist', async () => {
    const account = await stripe.accounts.create({ country: 'FR', capabilities: { transfers: { requested: true } } });
    await expect(
      stripe.transfers.create({ amount: 100, currency: 'eur', destination: account.id, source_transaction: 'ch_doesnotexist' }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'source_transaction' });
  });
});
