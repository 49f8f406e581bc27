import { randomUUID } from 'node:crypto';
import { startStripeTestServer, type StripeTestServer } from '@passerelle/testing';
import { StripePayments } from './stripe-payments';

describe('StripePayments (real SDK against the Stripe test server)', () => {
  let server: StripeTestServer;
  let payments: StripePayments;

  beforeAll(async () => {
    server = await startStripeTestServer();
    payments = new StripePayments(server.client({ maxNetworkRetries: 2 }));
  });
  afterAll(() => server.close());

  const funder = () => ({ id: randomUUID(), name: 'Département de test' });

  it('creates one customer per funder however often it is asked', async () => {
    const f = funder();
    const [a, b] = await Promise.all([payments.ensureCustomer(f), payments.ensureCustomer(f)]);
    expect(a).toBe(b);
    expect([...server.state.customers.values()].filter((c) => (c.metadata as Record<string, string>).funder_id === f.id)).toHaveLength(1);
  });

  it('asks a public funder for a bank transfer to its virtual IBAN, once per invoice attempt', async () => {
    const customerId = await payments.ensureCustomer(funder());
    const invoiceId = randomUUID();
    const request = { invoiceId, invoiceNumber: 'PAS-2026-000007', amountCents: 123_400, customerId, method: 'bank_transfer' as const, attempt: 1 };
    const payment = await payments.createInvoicePayment(request);
    expect(payment).toMatchObject({ status: 'requires_action', clientSecret: null });
    expect(payment.bankTransfer).toMatchObject({ amountRemainingCents: 123_400 });
    expect(payment.bankTransfer!.iban).toMatch(/^FR76/);
    expect(payment.bankTransfer!.reference).toBeTruthy();
    expect((await payments.createInvoicePayment(request)).paymentIntentId).toBe(payment.paymentIntentId);
    expect([...server.state.paymentIntents.values()].filter((pi) => pi.transfer_group === invoiceId)).toHaveLength(1);
    const sent = server.requests.find((r) => r.path === '/v1/payment_intents' && r.params.transfer_group === invoiceId)!;
    expect(sent.idempotencyKey).toBe(`pi:${invoiceId}:1`);
    expect(sent.params).toMatchObject({ amount: '123400', allowed_payment_method_types: ['customer_balance'], metadata: { invoice_number: 'PAS-2026-000007' } });
  });

  it('lets a private funder pay online, by SEPA debit or card (client secret, no IBAN)', async () => {
    const customerId = await payments.ensureCustomer(funder());
    const payment = await payments.createInvoicePayment({ invoiceId: randomUUID(), invoiceNumber: 'PAS-2026-000008', amountCents: 5_000, customerId, method: 'online', attempt: 1 });
    expect(payment).toMatchObject({ status: 'requires_payment_method', bankTransfer: null, allowedPaymentMethodTypes: ['sepa_debit', 'card'] });
    expect(payment.clientSecret).toMatch(/_secret_/);
    expect((await payments.retrieveInvoicePayment(payment.paymentIntentId)).clientSecret).toBe(payment.clientSecret);
  });

  it('does not duplicate a transfer retried after a lost answer: the server sees the same key twice', async () => {
    const account = await server.client().accounts.create({ country: 'FR' });
    const customerId = await payments.ensureCustomer(funder());
    const invoiceId = randomUUID();
    const { paymentIntentId } = await payments.createInvoicePayment({ invoiceId, invoiceNumber: 'PAS-2026-000009', amountCents: 10_000, customerId, method: 'online', attempt: 1 });
    const chargeId = server.state.fundPaymentIntent(paymentIntentId, 10_000).chargeId!;
    const payoutLineId = randomUUID();
    server.failNext('POST', '/v1/transfers', 'timeout');
    const transferId = await payments.createTransfer({ payoutLineId, invoiceId, destination: account.id, amountCents: 9_000, sourceChargeId: chargeId });
    // A later job retry (a new call) for the same payout line is a replay too.
    expect(await payments.createTransfer({ payoutLineId, invoiceId, destination: account.id, amountCents: 9_000, sourceChargeId: chargeId })).toBe(transferId);
    const seen = server.requests.filter((r) => r.idempotencyKey === `transfer:${payoutLineId}`);
    expect(seen.map((r) => r.replayed)).toEqual([false, true, true]);
    expect([...server.state.transfers.values()].filter((t) => t.transfer_group === invoiceId)).toEqual([
      expect.objectContaining({ id: transferId, amount: 9_000, source_transaction: chargeId, destination: account.id }),
    ]);
  });

  it('maps Stripe failures to domain errors and refuses to work without Stripe', async () => {
    server.failNext('POST', '/v1/customers', 'server_error', 3);
    await expect(payments.ensureCustomer(funder())).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', kind: 'unavailable' });
    await expect(
      payments.createTransfer({ payoutLineId: randomUUID(), invoiceId: randomUUID(), destination: 'acct_1nothere', amountCents: 1, sourceChargeId: 'ch_x' }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_REFUSED', details: { stripeCode: 'resource_missing', param: 'destination' } });
    await expect(new StripePayments(null).ensureCustomer(funder())).rejects.toMatchObject({ code: 'ONLINE_PAYMENTS_DISABLED' });
  });

  it('reads back an intent (amount received, partial bank funding included) and a transfer for reconciliation; unknown ids are null', async () => {
    const account = await server.client().accounts.create({ country: 'FR' });
    const customerId = await payments.ensureCustomer(funder());
    const invoiceId = randomUUID();
    const request = { invoiceId, invoiceNumber: 'PAS-2026-000010', amountCents: 8_000, customerId, method: 'bank_transfer' as const, attempt: 1 };
    const { paymentIntentId } = await payments.createInvoicePayment(request);
    server.state.fundPaymentIntent(paymentIntentId, 3_000);
    expect(await payments.paymentIntentState(paymentIntentId)).toEqual({ amountCents: 8_000, receivedCents: 3_000, status: 'requires_action', transferGroup: invoiceId, chargeId: null });
    const chargeId = server.state.fundPaymentIntent(paymentIntentId, 5_000).chargeId!;
    expect(await payments.paymentIntentState(paymentIntentId)).toMatchObject({ receivedCents: 8_000, status: 'succeeded', chargeId });
    const transferId = await payments.createTransfer({ payoutLineId: randomUUID(), invoiceId, destination: account.id, amountCents: 7_000, sourceChargeId: chargeId });
    expect(await payments.transferState(transferId)).toEqual({ netAmountCents: 7_000, destination: account.id, sourceTransaction: chargeId, transferGroup: invoiceId });
    expect(await payments.transferState('tr_unknown')).toBeNull();
    expect(await payments.paymentIntentState('pi_unknown')).toBeNull();
    server.failNext('GET', `/v1/transfers/${transferId}`, 'server_error', 3);
    await expect(payments.transferState(transferId)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
  });
});
