import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { StripePayments } from '@passerelle/billing';
import { startStripeTestServer, type StripeTestServer } from './stripe-test-server';

describe('Stripe test server, through the real stripe SDK', () => {
  let server: StripeTestServer;
  let stripe: Stripe;

  beforeAll(async () => {
    server = await startStripeTestServer();
    stripe = server.client();
  });
  afterAll(() => server.close());

  it('creates a bank-transfer PaymentIntent with a virtual IBAN, form-encoded like Stripe', async () => {
    const customer = await stripe.customers.create({ name: 'Département test', metadata: { funder_id: 'f1' } });
    const intent = await stripe.paymentIntents.create(
      {
        amount: 123_456,
        currency: 'eur',
        customer: customer.id,
        allowed_payment_method_types: ['customer_balance'],
        payment_method_data: { type: 'customer_balance' },
        payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } } },
        confirm: true,
        transfer_group: 'invoice-1',
        metadata: { invoice_id: 'invoice-1' },
      },
      { idempotencyKey: 'pi:invoice-1:1' },
    );
    expect(intent).toMatchObject({ amount: 123_456, status: 'requires_action', transfer_group: 'invoice-1', customer: customer.id });
    const instructions = intent.next_action!.display_bank_transfer_instructions!;
    expect(instructions.type).toBe('eu_bank_transfer');
    expect(instructions.financial_addresses![0]!.iban!.iban).toMatch(/^FR76\d{23}$/);

    const sent = server.requests.find((r) => r.path === '/v1/payment_intents')!;
    expect(sent.idempotencyKey).toBe('pi:invoice-1:1');
    expect(sent.stripeVersion).toBe(Stripe.API_VERSION);
    expect(sent.params).toMatchObject({
      amount: '123456',
      allowed_payment_method_types: ['customer_balance'],
      payment_method_options: { customer_balance: { bank_transfer: { eu_bank_transfer: { country: 'FR' } } } },
      metadata: { invoice_id: 'invoice-1' },
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).id).toBe(intent.id);
    // The same customer keeps the same virtual IBAN across payments.
    const second = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['customer_balance'],
      confirm: true,
    });
    expect(second.next_action!.display_bank_transfer_instructions!.financial_addresses![0]!.iban!.iban).toBe(
      instructions.financial_addresses![0]!.iban!.iban,
    );
  });

  it('records replays of a repeated Idempotency-Key', async () => {
    const first = await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'customer:a' });
    const again = await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'customer:a' });
    expect(again.id).toBe(first.id);
    expect(server.requests.filter((r) => r.idempotencyKey === 'customer:a').map((r) => r.replayed)).toEqual([false, true]);
    expect([...server.state.customers.values()].filter((c) => c.id === first.id)).toHaveLength(1);
  });

  it('funds a payment intent on demand and transfers from its charge to a connected account', async () => {
    const account = await stripe.accounts.create({ country: 'FR', capabilities: { transfers: { requested: true } } });
    expect(account.capabilities).toEqual({ transfers: 'inactive' });
    expect((await stripe.accounts.retrieve(account.id)).id).toBe(account.id);
    const customer = await stripe.customers.create({ name: 'Funder' });
    const intent = await stripe.paymentIntents.create({ amount: 10_000, currency: 'eur', customer: customer.id, allowed_payment_method_types: ['sepa_debit'] });
    expect(intent.status).toBe('requires_payment_method');
    const chargeId = server.state.fundPaymentIntent(intent.id, 10_000).chargeId!;
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded', amount_received: 10_000, latest_charge: chargeId });
    const transfer = await stripe.transfers.create(
      { amount: 7_000, currency: 'eur', destination: account.id, source_transaction: chargeId, transfer_group: 'invoice-2' },
      { idempotencyKey: 'transfer:line-1' },
    );
    expect(transfer).toMatchObject({ amount: 7_000, destination: account.id, source_transaction: chargeId, transfer_group: 'invoice-2' });
    // A charge funds at most its amount in transfers.
    await expect(
      stripe.transfers.create({ amount: 3_001, currency: 'eur', destination: account.id, source_transaction: chargeId }, { idempotencyKey: 'transfer:line-x' }),
    ).rejects.toMatchObject({ code: 'balance_insufficient' });
  });

  it('partially funds a bank transfer intent, then succeeds with one charge for the whole amount', async () => {
    const customer = await stripe.customers.create({ name: 'Département' });
    const intent = { id: (await new StripePayments(stripe).createInvoicePayment({ invoiceId: randomUUID(), invoiceNumber: 'PAS-2026-000001', amountCents: 10_000, customerId: customer.id, method: 'bank_transfer', attempt: 1 })).paymentIntentId };
    expect(server.state.fundPaymentIntent(intent.id, 4_000).chargeId).toBeNull();
    const partial = await stripe.paymentIntents.retrieve(intent.id);
    expect(partial).toMatchObject({ status: 'requires_action', amount_received: 0, latest_charge: null });
    expect(partial.next_action?.display_bank_transfer_instructions?.amount_remaining).toBe(6_000);
    const chargeId = server.state.fundPaymentIntent(intent.id, 6_000).chargeId;
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded', amount_received: 10_000, latest_charge: chargeId });
    expect(server.state.charges.get(chargeId!)).toMatchObject({ amount: 10_000, payment_intent: intent.id });
  });

  it('updates the amount of an intent waiting for the payer (what was funded stays funded) and cancels it; refuses both once it succeeded', async () => {
    const customer = await stripe.customers.create({ name: 'Département' });
    const payments = new StripePayments(stripe);
    const request = { invoiceNumber: 'PAS-2026-000002', customerId: customer.id, method: 'bank_transfer' as const, attempt: 1 };
    const { paymentIntentId } = await payments.createInvoicePayment({ ...request, invoiceId: randomUUID(), amountCents: 10_000 });
    server.state.fundPaymentIntent(paymentIntentId, 1_000);
    const updated = await stripe.paymentIntents.update(paymentIntentId, { amount: 7_000 });
    expect(updated).toMatchObject({ amount: 7_000, status: 'requires_action' });
    expect(updated.next_action?.display_bank_transfer_instructions?.amount_remaining).toBe(6_000);
    const canceled = await stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', next_action: null });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    await expect(stripe.paymentIntents.update(paymentIntentId, { amount: 5_000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.cancel(paymentIntentId)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });

    // Lowered to what was funded already: the intent completes, with one charge for its new amount.
    const other = await payments.createInvoicePayment({ ...request, invoiceId: randomUUID(), amountCents: 10_000 });
    server.state.fundPaymentIntent(other.paymentIntentId, 4_000);
    expect(await stripe.paymentIntents.update(other.paymentIntentId, { amount: 4_000 })).toMatchObject({ status: 'succeeded', amount_received: 4_000 });
    await expect(payments.updateInvoicePaymentAmount(other.paymentIntentId, 3_000)).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_REFUSED',
      details: { stripeCode: 'payment_intent_unexpected_state' },
    });
    await expect(payments.cancelInvoicePayment('pi_unknown')).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_REFUSED', details: { stripeCode: 'resource_missing' } });
  });

  it('a transfer retried by the SDK after a lost answer is done once, under the same key', async () => {
    const account = await stripe.accounts.create({ country: 'FR' });
    server.failNext('POST', '/v1/transfers', 'timeout');
    const retrying = server.client({ maxNetworkRetries: 2 });
    const transfer = await retrying.transfers.create({ amount: 100, currency: 'eur', destination: account.id }, { idempotencyKey: 'transfer:line-2' });
    const seen = server.requests.filter((r) => r.idempotencyKey === 'transfer:line-2');
    expect(seen.map((r) => r.replayed)).toEqual([false, true]);
    expect([...server.state.transfers.values()].filter((t) => t.destination === account.id)).toHaveLength(1);
    expect(server.state.transfers.has(transfer.id)).toBe(true);
  });

  it('answers 500 when told to, and refuses a wrong key', async () => {
    server.failNext('POST', '/v1/customers', 'server_error');
    await expect(stripe.customers.create({ name: 'C' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    const wrongKey = new Stripe('sk_test_wrong', { host: '127.0.0.1', port: Number(new URL(server.url).port), protocol: 'http', maxNetworkRetries: 0 });
    await expect(wrongKey.customers.create({ name: 'D' })).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('signs events that the SDK verifies, and whose signature fails with another secret', () => {
    const { payload, signature, event } = server.signedEvent('account.updated', { id: 'acct_1x', object: 'account' }, { account: 'acct_1x' });
    expect(stripe.webhooks.constructEvent(payload, signature, server.webhookSecret).id).toBe(event.id);
    expect(() => stripe.webhooks.constructEvent(payload, signature, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });
});
