import { PaymentIntentSync } from '@passerelle/billing';
import { createFunder, createStructure, createTestInvoice, eventually, startBillingTestKit, type BillingTestKit, type LoggedIn } from '@passerelle/testing';

describe('an open PaymentIntent follows the bank transfers an admin records (worker), and a cancelled one is replaced', () => {
  let kit: BillingTestKit;
  let admin: LoggedIn;

  beforeAll(async () => {
    kit = await startBillingTestKit();
    admin = await kit.api.loginAs('admin');
  });
  afterAll(() => kit.close());

  /** An invoice of a public (bank transfer) or private (online) funder whose funder asked to pay: its intent is open. */
  async function invoiceWithIntent(sector: 'public' | 'private' = 'public') {
    const { id: funderId } = await createFunder(kit.api.dataSource, { sector });
    const funder = await kit.api.loginAs('funder', { organisationId: funderId });
    const structure = await createStructure(kit.api.dataSource);
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: structure.id, vouchers: 4 }] });
    const payment = await pay(invoice.invoiceId, funder);
    expect(payment.statusCode).toBe(200);
    return { ...invoice, funder, paymentIntentId: payment.json().paymentIntentId as string };
  }
  const pay = (invoiceId: string, funder: LoggedIn) => kit.api.app.inject({ method: 'POST', url: `/invoices/${invoiceId}/payment`, headers: funder.headers });
  const markPaid = async (invoiceId: string, amountCents: number, reference: string) => {
    const response = await kit.api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents, reference, receivedOn: '2026-11-20' },
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const intent = (id: string) => kit.stripe.state.paymentIntents.get(id)! as Record<string, unknown> & { amount: number; status: string };
  const remaining = (id: string) => (intent(id).next_action as { display_bank_transfer_instructions: { amount_remaining: number } }).display_bank_transfer_instructions.amount_remaining;
  const intentOf = async (invoiceId: string) =>
    ((await kit.api.dataSource.query('SELECT stripe_payment_intent_id AS id, stripe_payment_intent_attempts AS attempts FROM invoices WHERE id = $1', [invoiceId]))[0]) as {
      id: string | null;
      attempts: number;
    };
  const deliver = async (type: string, paymentIntentId: string) => {
    const signed = kit.stripe.signedEvent(type, structuredClone(intent(paymentIntentId)));
    expect((await kit.postEvent(signed)).statusCode).toBe(200);
    return kit.processed(signed.event.id);
  };

  it('asks only the rest after a partial bank transfer, so paying it through Stripe settles the invoice exactly (not overpaid)', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId, funder } = await invoiceWithIntent();
    expect(intent(paymentIntentId).amount).toBe(totalGrossCents);
    await markPaid(invoiceId, 1_000, 'VIR-PARTIEL');
    await eventually(async () => intent(paymentIntentId).amount === totalGrossCents - 1_000, 'the intent asks the rest');
    expect(remaining(paymentIntentId)).toBe(totalGrossCents - 1_000);
    const updates = kit.stripe.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${paymentIntentId}`);
    expect(updates.map((r) => r.params)).toEqual([{ amount: String(totalGrossCents - 1_000) }]);
    // The funder is shown the same intent, for what is left.
    const again = (await pay(invoiceId, funder)).json();
    expect(again).toMatchObject({ paymentIntentId, amountDueCents: totalGrossCents - 1_000, bankTransfer: { amountRemainingCents: totalGrossCents - 1_000 } });

    kit.stripe.state.fundPaymentIntent(paymentIntentId, totalGrossCents - 1_000);
    expect(await deliver('payment_intent.succeeded', paymentIntentId)).toBe('applied');
    const [row] = await kit.api.dataSource.query('SELECT status, amount_paid_cents::int AS paid FROM invoices WHERE id = $1', [invoiceId]);
    expect(row).toEqual({ status: 'paid', paid: totalGrossCents });
  });

  it('ends on the latest amount when several transfers are recorded at once (jobs racing), and counts what the intent received', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    // Part arrives through Stripe first: the intent keeps it and asks the rest of the invoice on top.
    kit.stripe.state.fundPaymentIntent(paymentIntentId, 500);
    expect(await deliver('payment_intent.partially_funded', paymentIntentId)).toBe('applied');
    await Promise.all([1, 2, 3, 4, 5].map((i) => markPaid(invoiceId, 100 * i, `VIR-LOT-${i}`)));
    const sync = kit.api.app.get(PaymentIntentSync);
    // The worker's jobs and these direct runs race; all end on the same amount.
    expect(new Set(await Promise.all([sync.sync(invoiceId), sync.sync(invoiceId)]))).not.toContain('not_updatable');
    // Received on the intent (500) + still due (total − 500 − 1 500); the instructions ask exactly what is due.
    const dueCents = totalGrossCents - 2_000;
    await eventually(async () => intent(paymentIntentId).amount === 500 + dueCents, 'the intent asks received + due');
    expect(await sync.sync(invoiceId)).toBe('unchanged');
    expect(remaining(paymentIntentId)).toBe(dueCents);
  });

  it('cancels the intent once the invoice is paid by bank; the invoice forgets it and the late canceled event changes nothing', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent('private');
    await markPaid(invoiceId, totalGrossCents, 'VIR-TOUT');
    await eventually(async () => intent(paymentIntentId).status === 'canceled', 'the intent is cancelled');
    expect(intent(paymentIntentId).cancellation_reason).toBe('abandoned');
    await eventually(async () => (await intentOf(invoiceId)).id === null, 'the invoice forgets it');
    expect(await deliver('payment_intent.canceled', paymentIntentId)).toBe('stale');
    // Nothing left at Stripe to compare: the reconciliation does not look for it.
    const report = (await kit.api.app.inject({ method: 'GET', url: '/admin/reconciliation', headers: admin.headers })).json();
    expect(report.differences.filter((d: { subject: { invoiceId?: string } }) => d.subject.invoiceId === invoiceId)).toEqual([]);
  });

  it('follows credit notes: a partial one lowers the intent to what is still owed, a final one cancels it', async () => {
    const { invoiceId, totalGrossCents, paymentIntentId } = await invoiceWithIntent();
    const credit = async (payload: object) => {
      const response = await kit.api.app.inject({ method: 'POST', url: `/admin/invoices/${invoiceId}/credit-notes`, headers: admin.headers, payload });
      expect(response.statusCode).toBe(201);
      return response.json() as { totalGrossCents: number };
    };
    const partial = await credit({ reason: 'Un pass compté deux fois', lines: [{ position: 1, quantity: 1 }] });
    expect(partial.totalGrossCents).toBeGreaterThan(0);
    await eventually(async () => intent(paymentIntentId).amount === totalGrossCents - partial.totalGrossCents, 'the intent asks what is still owed');
    await credit({ reason: 'Facture annulée' });
    await eventually(async () => intent(paymentIntentId).status === 'canceled', 'the intent is cancelled once nothing is owed');
    await eventually(async () => (await intentOf(invoiceId)).id === null, 'the invoice forgets it');
  });

  it('replaces an intent Stripe cancelled: the next payment request creates attempt 2 under a new idempotency key', async () => {
    const { invoiceId, paymentIntentId, funder, totalGrossCents } = await invoiceWithIntent();
    expect(await intentOf(invoiceId)).toEqual({ id: paymentIntentId, attempts: 1 });
    expect(kit.stripe.state.cancelPaymentIntent(paymentIntentId, {}).status).toBe(200);
    // Asked before the webhook: the cancelled intent is not handed out again.
    const before = (await pay(invoiceId, funder)).json();
    expect(before.paymentIntentId).not.toBe(paymentIntentId);
    expect(await intentOf(invoiceId)).toEqual({ id: before.paymentIntentId, attempts: 2 });
    // The old intent's webhook finds it already replaced.
    expect(await deliver('payment_intent.canceled', paymentIntentId)).toBe('stale');
    // Stripe cancels the new one too; the webhook comes first this time.
    kit.stripe.state.cancelPaymentIntent(before.paymentIntentId, {});
    expect(await deliver('payment_intent.canceled', before.paymentIntentId)).toBe('applied');
    expect(await intentOf(invoiceId)).toEqual({ id: null, attempts: 2 });
    const third = (await pay(invoiceId, funder)).json();
    expect(third).toMatchObject({ amountDueCents: totalGrossCents, paymentIntentStatus: 'requires_action' });
    expect(await intentOf(invoiceId)).toEqual({ id: third.paymentIntentId, attempts: 3 });
    const keys = kit.stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.params.transfer_group === invoiceId).map((r) => r.idempotencyKey);
    expect(keys).toEqual([`pi:${invoiceId}:1`, `pi:${invoiceId}:2`, `pi:${invoiceId}:3`]);
    // Money on a forgotten intent is not ours to record.
    kit.stripe.state.fundPaymentIntent(paymentIntentId, 100);
    expect(await deliver('payment_intent.partially_funded', paymentIntentId)).toBe('unknown_payment');
  });

  it('leaves an intent Stripe no longer lets change (processing), and retries while Stripe is down', async () => {
    const processing = await invoiceWithIntent('private');
    intent(processing.paymentIntentId).status = 'processing';
    await markPaid(processing.invoiceId, 1_000, 'VIR-PENDANT');
    const sync = kit.api.app.get(PaymentIntentSync);
    expect(await sync.sync(processing.invoiceId)).toBe('not_updatable');
    expect(intent(processing.paymentIntentId)).toMatchObject({ amount: processing.totalGrossCents, status: 'processing' });

    const down = await invoiceWithIntent();
    kit.stripe.failNext('GET', `/v1/payment_intents/${down.paymentIntentId}`, 'server_error', 3);
    await expect(sync.sync(down.invoiceId)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    kit.stripe.failNext('POST', `/v1/payment_intents/${down.paymentIntentId}`, 'server_error', 6);
    await markPaid(down.invoiceId, 2_000, 'VIR-PANNE');
    // The job fails while Stripe answers 500, then BullMQ retries it.
    await eventually(async () => intent(down.paymentIntentId).amount === down.totalGrossCents - 2_000, 'the retried job updates the intent', 30_000);
  });
});
