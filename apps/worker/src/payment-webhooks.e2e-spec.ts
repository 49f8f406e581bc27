import { StripeEventProcessor } from '@passerelle/billing';
import { createFunder, createStructure, createTestInvoice, startBillingTestKit, type BillingTestKit } from '@passerelle/testing';

describe('payment webhooks applied by the worker', () => {
  let kit: BillingTestKit;

  beforeAll(async () => {
    kit = await startBillingTestKit();
  });
  afterAll(() => kit.close());

  /** An invoice of a public (bank transfer) or private (online) funder with its PaymentIntent. */
  async function invoiceWithIntent(sector: 'public' | 'private' = 'public') {
    const { id: funderId } = await createFunder(kit.api.dataSource, { sector });
    const funder = await kit.api.loginAs('funder', { organisationId: funderId });
    const structure = await createStructure(kit.api.dataSource);
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: structure.id, vouchers: 4 }] });
    const payment = await kit.api.app.inject({ method: 'POST', url: `/invoices/${invoice.invoiceId}/payment`, headers: funder.headers });
    return { ...invoice, paymentIntentId: payment.json().paymentIntentId as string };
  }
  const intentEvent = (type: string, paymentIntentId: string) => kit.stripe.signedEvent(type, structuredClone(kit.stripe.state.paymentIntents.get(paymentIntentId)!));
  const deliver = async (signed: ReturnType<typeof intentEvent>) => {
    expect((await kit.postEvent(signed)).statusCode).toBe(200);
    return kit.processed(signed.event.id);
  };
  const state = async (invoiceId: string) => {
    const [invoice] = await kit.api.dataSource.query('SELECT status, amount_paid_cents::int AS paid FROM invoices WHERE id = $1', [invoiceId]);
    const payments = await kit.api.dataSource.query(
      'SELECT amount_cents::int AS amount, stripe_charge_id AS charge FROM invoice_payments WHERE invoice_id = $1 ORDER BY created_at',
      [invoiceId],
    );
    const [journals] = await kit.api.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_journals WHERE event_key = ANY(SELECT 'payment:' || id FROM invoice_payments WHERE invoice_id = $1)`,
      [invoiceId],
    );
    return { status: invoice.status as string, paid: invoice.paid as number, payments, journals: journals.n as number };
  };

  it('changes the invoice once for a payment delivered 100 times, told twice (intent and charge) and re-processed 100 times', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    const { chargeId } = kit.stripe.state.fundPaymentIntent(paymentIntentId, totalGrossCents);
    const succeeded = intentEvent('payment_intent.succeeded', paymentIntentId);
    const charge = kit.stripe.signedEvent('charge.succeeded', structuredClone(kit.stripe.state.charges.get(chargeId!)!));
    const deliveries = await Promise.all([
      ...Array.from({ length: 100 }, () => kit.postEvent(succeeded)),
      ...Array.from({ length: 20 }, () => kit.postEvent(charge)),
    ]);
    expect(deliveries.map((r) => r.statusCode)).toEqual(Array(120).fill(200));
    const outcomes = [await kit.processed(succeeded.event.id), await kit.processed(charge.event.id)].sort();
    // Whichever is applied first records the payment; the other finds nothing new.
    expect(outcomes).toEqual(['applied', 'stale']);
    const processor = kit.api.app.get(StripeEventProcessor);
    const replays = await Promise.all(Array.from({ length: 100 }, (_, i) => processor.process(i % 2 ? succeeded.event.id : charge.event.id)));
    expect(new Set(replays)).toEqual(new Set([null]));

    expect(await state(invoiceId)).toEqual({ status: 'paid', paid: totalGrossCents, payments: [{ amount: totalGrossCents, charge: chargeId }], journals: 1 });
    const [entries] = await kit.api.dataSource.query(
      `SELECT count(*)::int AS n, sum(amount_cents) FILTER (WHERE account = 'stripe_cash')::int AS cash FROM ledger_entries e
         JOIN ledger_journals j ON j.id = e.journal_id WHERE j.kind = 'payment_received'
          AND j.event_key = ANY(SELECT 'payment:' || id FROM invoice_payments WHERE invoice_id = $1)`,
      [invoiceId],
    );
    expect(entries).toEqual({ n: 2, cash: totalGrossCents });
    const [lines] = await kit.api.dataSource.query('SELECT count(*)::int AS n FROM payout_lines WHERE invoice_id = $1', [invoiceId]);
    expect(lines.n).toBe(1);
  });

  it('follows a bank transfer paid in two parts, and ignores a redelivered partial funding', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    kit.stripe.state.fundPaymentIntent(paymentIntentId, 1_500);
    const partial = intentEvent('payment_intent.partially_funded', paymentIntentId);
    expect(await deliver(partial)).toBe('applied');
    expect(await state(invoiceId)).toMatchObject({ status: 'partially_paid', paid: 1_500, journals: 1 });
    // Stripe tells the same funding level again under a new event id: nothing new.
    expect(await deliver(intentEvent('payment_intent.partially_funded', paymentIntentId))).toBe('stale');

    const { chargeId } = kit.stripe.state.fundPaymentIntent(paymentIntentId, totalGrossCents - 1_500);
    expect(await deliver(intentEvent('payment_intent.succeeded', paymentIntentId))).toBe('applied');
    expect(await state(invoiceId)).toEqual({
      status: 'paid',
      paid: totalGrossCents,
      payments: [
        { amount: 1_500, charge: null },
        { amount: totalGrossCents - 1_500, charge: chargeId },
      ],
      journals: 2,
    });
  });

  it('never moves an invoice back when the partial funding arrives after the success', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    kit.stripe.state.fundPaymentIntent(paymentIntentId, 2_000);
    const partial = intentEvent('payment_intent.partially_funded', paymentIntentId);
    kit.stripe.state.fundPaymentIntent(paymentIntentId, totalGrossCents - 2_000);
    const succeeded = intentEvent('payment_intent.succeeded', paymentIntentId);
    expect(await deliver(succeeded)).toBe('applied');
    expect(await deliver(partial)).toBe('stale');
    expect(await state(invoiceId)).toMatchObject({ status: 'paid', paid: totalGrossCents, payments: [{ amount: totalGrossCents }], journals: 1 });
  });

  it('records a Stripe payment only up to the amount due when part was paid by plain transfer, and flags the excess', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    const admin = await kit.api.loginAs('admin');
    const bank = await kit.api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: 1_000, reference: 'VIR-DIRECT', receivedOn: '2026-11-20' },
    });
    expect(bank.json()).toMatchObject({ status: 'partially_paid', amountPaidCents: 1_000 });
    kit.stripe.state.fundPaymentIntent(paymentIntentId, totalGrossCents);
    expect(await deliver(intentEvent('payment_intent.succeeded', paymentIntentId))).toBe('overpaid');
    expect(await state(invoiceId)).toMatchObject({ status: 'paid', paid: totalGrossCents, journals: 2 });
    // Part of the money reached the platform's bank account, not Stripe: the structures are paid by transfer.
    const lines = await kit.api.dataSource.query('SELECT pending_reason FROM payout_lines WHERE invoice_id = $1', [invoiceId]);
    expect(lines).toEqual([{ pending_reason: 'bank_transfer' }]);
  });

  it('records a failed SEPA debit without touching the invoice, and payment events of intents that are not ours', async () => {
    const { invoiceId, paymentIntentId } = await invoiceWithIntent('private');
    expect(await deliver(intentEvent('payment_intent.payment_failed', paymentIntentId))).toBe('recorded');
    expect(await state(invoiceId)).toMatchObject({ status: 'issued', paid: 0, payments: [] });
    const foreign = kit.stripe.signedEvent('payment_intent.succeeded', { id: 'pi_notours', object: 'payment_intent', amount: 100, amount_received: 100, metadata: {} });
    expect(await deliver(foreign)).toBe('unknown_payment');
    // An intent claiming one of our invoices in its metadata is checked against the intent we created.
    const spoof = kit.stripe.signedEvent('payment_intent.succeeded', { id: 'pi_spoof', object: 'payment_intent', amount: 100, amount_received: 100, metadata: { invoice_id: invoiceId } });
    expect(await deliver(spoof)).toBe('unknown_payment');
    expect(await state(invoiceId)).toMatchObject({ status: 'issued', paid: 0 });
  });
});
