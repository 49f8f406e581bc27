import { PayoutTransferService, StripeEventProcessor } from '@passerelle/billing';
import { createFunder, createTestInvoice, redeemVouchersOnBookings, startBillingTestKit, type BillingTestKit, type LoggedIn } from '@passerelle/testing';

describe('payouts to structures (Stripe Connect transfers) and statements', () => {
  let kit: BillingTestKit;
  let admin: LoggedIn;

  beforeAll(async () => {
    kit = await startBillingTestKit();
    admin = await kit.api.loginAs('admin');
  });
  afterAll(() => kit.close());

  async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const lineOf = async (invoiceId: string, structureId: string) =>
    (
      await kit.api.dataSource.query(
        'SELECT id, amount_cents::int AS amount, status, pending_reason, stripe_transfer_id FROM payout_lines WHERE invoice_id = $1 AND structure_id = $2',
        [invoiceId, structureId],
      )
    )[0] as { id: string; amount: number; status: string; pending_reason: string | null; stripe_transfer_id: string | null } | undefined;
  const transferred = (invoiceId: string, structureId: string) =>
    until(`transfer to ${structureId}`, async () => {
      const line = await lineOf(invoiceId, structureId);
      return line?.status === 'transferred' ? line : undefined;
    });
  const transfersOf = (invoiceId: string) => [...kit.stripe.state.transfers.values()].filter((t) => t.transfer_group === invoiceId);

  /** A structure with a mediator; with `ready`, its Stripe account onboarded (account.updated applied). */
  async function structure(ready: boolean): Promise<{ mediator: LoggedIn; structureId: string; accountId: string }> {
    const { mediator, structureId } = await kit.mediatorWithStructure();
    const onboarded = await kit.api.app.inject({ method: 'POST', url: `/structures/${structureId}/payout-account`, headers: mediator.headers });
    const accountId = onboarded.json().stripeAccountId as string;
    if (ready) await kit.payoutAccountReady(accountId);
    return { mediator, structureId, accountId };
  }
  /** The funder pays the whole invoice by bank transfer to its virtual IBAN; returns the charge. */
  async function payThroughStripe(funder: LoggedIn, invoiceId: string, totalGrossCents: number): Promise<string> {
    const intentId = (await kit.api.app.inject({ method: 'POST', url: `/invoices/${invoiceId}/payment`, headers: funder.headers })).json().paymentIntentId;
    const { chargeId } = kit.stripe.state.fundPaymentIntent(intentId, totalGrossCents);
    const event = kit.stripe.signedEvent('payment_intent.succeeded', structuredClone(kit.stripe.state.paymentIntents.get(intentId)!));
    await kit.postEvent(event);
    expect(await kit.processed(event.event.id)).toBe('applied');
    return chargeId!;
  }
  async function funder(): Promise<{ funderId: string; funder: LoggedIn }> {
    const { id: funderId } = await createFunder(kit.api.dataSource);
    return { funderId, funder: await kit.api.loginAs('funder', { organisationId: funderId }) };
  }
  const statement = async (structureId: string, headers = admin.headers) => {
    const response = await kit.api.app.inject({ method: 'GET', url: `/structures/${structureId}/statements`, headers });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The statement's pending total is the structure's ledger balance (earned − paid out), always.
    expect(body.totals.pendingCents).toBe(body.ledgerBalanceCents);
    return body;
  };

  it('transfers each structure its share from the funder’s charge, holds the one not onboarded until account.updated, keeps the fee', async () => {
    const ready = await structure(true);
    const later = await structure(false);
    const { funderId, funder: payer } = await funder();
    const invoice = await createTestInvoice(kit.api, {
      funderId,
      operatorRateBp: 1000,
      structures: [
        { structureId: ready.structureId, vouchers: 2 },
        { structureId: later.structureId, vouchers: 3 },
      ],
    });
    // 5 000 of face value, a 500 fee and its 100 of VAT.
    expect(invoice.totalGrossCents).toBe(5_600);
    expect((await statement(later.structureId)).totals.pendingByReason).toMatchObject({ invoice_not_paid: 3_000 });
    const chargeId = await payThroughStripe(payer, invoice.invoiceId, invoice.totalGrossCents);

    const first = await transferred(invoice.invoiceId, ready.structureId);
    expect(await lineOf(invoice.invoiceId, later.structureId)).toMatchObject({ amount: 3_000, status: 'pending', pending_reason: 'payout_account_not_ready' });
    expect(transfersOf(invoice.invoiceId)).toEqual([
      expect.objectContaining({ id: first.stripe_transfer_id, amount: 2_000, destination: ready.accountId, source_transaction: chargeId }),
    ]);
    const sent = kit.stripe.requests.filter((r) => r.path === '/v1/transfers' && r.params.transfer_group === invoice.invoiceId);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([`transfer:${first.id}`]);
    expect(sent[0]!.params).toMatchObject({ metadata: { payout_line_id: first.id, invoice_id: invoice.invoiceId } });

    const waiting = await statement(later.structureId, later.mediator.headers);
    expect(waiting.invoices).toEqual([
      expect.objectContaining({ invoiceId: invoice.invoiceId, invoiceStatus: 'paid', earnedCents: 3_000, paidOutCents: 0, pendingCents: 3_000, pendingReason: 'payout_account_not_ready', transfer: null }),
    ]);
    expect(waiting.ledgerBalanceCents).toBe(3_000);
    const done = await statement(ready.structureId, ready.mediator.headers);
    expect(done.invoices[0]).toMatchObject({ earnedCents: 2_000, paidOutCents: 2_000, pendingCents: 0, pendingReason: null, transfer: { stripeTransferId: first.stripe_transfer_id } });
    expect(done.totals).toMatchObject({ earnedCents: 2_000, paidOutCents: 2_000, pendingCents: 0 });

    // Onboarding finished: the pending share is transferred from the same charge.
    await kit.payoutAccountReady(later.accountId);
    const second = await transferred(invoice.invoiceId, later.structureId);
    expect(transfersOf(invoice.invoiceId).map((t) => [t.destination, t.amount, t.source_transaction]).sort()).toEqual(
      [
        [ready.accountId, 2_000, chargeId],
        [later.accountId, 3_000, chargeId],
      ].sort(),
    );
    expect(await statement(later.structureId)).toMatchObject({ totals: { earnedCents: 3_000, paidOutCents: 3_000, pendingCents: 0 }, ledgerBalanceCents: 0 });
    const journals = await kit.api.dataSource.query(
      `SELECT j.event_key, e.account, e.amount_cents::int AS amount FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.kind = 'transfer_sent' AND j.event_key = ANY($1::text[]) ORDER BY j.event_key, e.amount_cents`,
      [[`transfer:${first.id}`, `transfer:${second.id}`]],
    );
    expect(journals).toHaveLength(4);
    expect(journals.filter((j: { account: string }) => j.account === 'stripe_cash').map((j: { amount: number }) => j.amount).sort((a: number, b: number) => a - b)).toEqual([-3_000, -2_000]);
    // The fee stays on the platform: nothing else was transferred.
    expect(transfersOf(invoice.invoiceId).reduce((sum, t) => sum + (t.amount as number), 0)).toBe(5_000);
    await expect(
      kit.api.dataSource.query("UPDATE payout_lines SET stripe_transfer_id = 'tr_other' WHERE id = $1", [first.id]),
    ).rejects.toThrow(/cannot be rewritten/);
  });

  it('loses no share when an invoice becomes paid while its structure becomes ready (8 races)', async () => {
    const processor = kit.api.app.get(StripeEventProcessor);
    const races = [];
    // One after the other: an invoicing run invoices every program it finds.
    for (let i = 0; i < 8; i += 1) {
      const target = await structure(false);
      const { funderId, funder: payer } = await funder();
      races.push({ target, payer, invoice: await createTestInvoice(kit.api, { funderId, structures: [{ structureId: target.structureId, vouchers: 1 }] }) });
    }
    const events = [];
    for (const { target, payer, invoice } of races) {
      const intentId = (await kit.api.app.inject({ method: 'POST', url: `/invoices/${invoice.invoiceId}/payment`, headers: payer.headers })).json().paymentIntentId;
      kit.stripe.state.fundPaymentIntent(intentId, invoice.totalGrossCents);
      const account = kit.stripe.state.accounts.get(target.accountId)!;
      events.push(
        kit.stripe.signedEvent('payment_intent.succeeded', structuredClone(kit.stripe.state.paymentIntents.get(intentId)!)),
        kit.stripe.updateAccount(target.accountId, {
          details_submitted: true,
          payouts_enabled: true,
          requirements: { ...account.requirements!, currently_due: [], disabled_reason: null },
        }),
      );
    }
    // Stored (the worker starts on them), and applied here at the same time: payment and readiness race.
    await Promise.all(events.map((e) => kit.postEvent(e)));
    await Promise.all(events.map((e) => processor.process(e.event.id)));
    for (const { target, invoice } of races) expect((await transferred(invoice.invoiceId, target.structureId)).amount).toBe(1_000);
  });

  it('does not duplicate a transfer whose answers were lost: the SDK and then the job retry under the same key', async () => {
    const target = await structure(true);
    const { funderId, funder: payer } = await funder();
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: target.structureId, vouchers: 2 }] });
    // The work is done at the first request; three answers are lost (the SDK's own retries included), so the job fails once.
    kit.stripe.failNext('POST', '/v1/transfers', 'timeout', 3);
    await payThroughStripe(payer, invoice.invoiceId, invoice.totalGrossCents);
    const line = await transferred(invoice.invoiceId, target.structureId);
    const seen = kit.stripe.requests.filter((r) => r.idempotencyKey === `transfer:${line.id}`);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.map((r) => r.replayed)).toEqual([false, ...Array(seen.length - 1).fill(true)]);
    expect(transfersOf(invoice.invoiceId)).toEqual([expect.objectContaining({ id: line.stripe_transfer_id, amount: 2_000 })]);
    const [journals] = await kit.api.dataSource.query("SELECT count(*)::int AS n FROM ledger_journals WHERE event_key = $1", [`transfer:${line.id}`]);
    expect(journals.n).toBe(1);
  });

  it('lets an admin pay by bank a share waiting for its Stripe account: once the account is ready nothing is transferred', async () => {
    const waiting = await structure(false);
    const { funderId, funder: payer } = await funder();
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: waiting.structureId, vouchers: 2 }] });
    await payThroughStripe(payer, invoice.invoiceId, invoice.totalGrossCents);
    const line = await until('the payout line', async () => lineOf(invoice.invoiceId, waiting.structureId));
    expect(line).toMatchObject({ status: 'pending', pending_reason: 'payout_account_not_ready' });
    const paid = await kit.api.app.inject({
      method: 'POST',
      url: `/admin/payout-lines/${line.id}/mark-paid`,
      headers: admin.headers,
      payload: { reference: 'VIR-VERS-ATTENTE', paidOn: '2026-11-30' },
    });
    expect(paid.json()).toMatchObject({ status: 'paid_by_bank', duplicate: false });

    await kit.payoutAccountReady(waiting.accountId);
    // The job the account released (if any) finds the line paid; its transfer is never sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await lineOf(invoice.invoiceId, waiting.structureId)).toMatchObject({ status: 'paid_by_bank', stripe_transfer_id: null });
    expect(transfersOf(invoice.invoiceId)).toEqual([]);
    expect(await kit.api.app.get(PayoutTransferService).transfer(line.id)).toBe('already_done');
    const body = await statement(waiting.structureId, waiting.mediator.headers);
    expect(body.invoices[0]).toMatchObject({ paidOutCents: 2_000, pendingCents: 0, transfer: null, bankTransfer: { payoutLineId: line.id, reference: 'VIR-VERS-ATTENTE' } });
    // A line transferred by Stripe is not paid again by bank.
    const ready = await structure(true);
    const other = await funder();
    const online = await createTestInvoice(kit.api, { funderId: other.funderId, structures: [{ structureId: ready.structureId, vouchers: 1 }] });
    await payThroughStripe(other.funder, online.invoiceId, online.totalGrossCents);
    const sent = await transferred(online.invoiceId, ready.structureId);
    const twice = await kit.api.app.inject({
      method: 'POST',
      url: `/admin/payout-lines/${sent.id}/mark-paid`,
      headers: admin.headers,
      payload: { reference: 'VIR-EN-TROP', paidOn: '2026-11-30' },
    });
    expect({ status: twice.statusCode, body: twice.json() }).toMatchObject({
      status: 409,
      body: { code: 'PAYOUT_LINE_ALREADY_PAID', paidBy: 'stripe', reference: sent.stripe_transfer_id },
    });
  });

  it('shows what is not invoiced yet and bank-paid invoices as pending, and keeps statements to their structure', async () => {
    const target = await structure(true);
    const { funderId } = await funder();
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: target.structureId, vouchers: 2 }] });
    await kit.api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoice.invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: invoice.totalGrossCents, reference: 'VIR-STATEMENT', receivedOn: '2026-11-20' },
    });
    await redeemVouchersOnBookings(kit.api, { funderId, structures: [{ structureId: target.structureId, vouchers: 1 }], redeemedAt: '2026-11-20T10:00:00+01:00' });
    const body = await statement(target.structureId, target.mediator.headers);
    expect(body).toMatchObject({
      notInvoiced: { vouchers: 1, amountCents: 1_000 },
      totals: { earnedCents: 3_000, paidOutCents: 0, pendingCents: 3_000 },
      ledgerBalanceCents: 3_000,
    });
    expect(body.totals.pendingByReason).toEqual({ not_invoiced: 1_000, invoice_not_paid: 0, payout_account_not_ready: 0, bank_transfer: 2_000, awaiting_transfer: 0 });
    expect(body.invoices).toEqual([expect.objectContaining({ pendingReason: 'bank_transfer', lines: [expect.objectContaining({ quantity: 2, unitPriceCents: 1_000 })] })]);
    expect(transfersOf(invoice.invoiceId)).toEqual([]);

    const stranger = await kit.api.loginAs('mediator');
    const hidden = await kit.api.app.inject({ method: 'GET', url: `/structures/${target.structureId}/statements`, headers: stranger.headers });
    expect({ status: hidden.statusCode, code: hidden.json().code }).toEqual({ status: 404, code: 'STRUCTURE_NOT_FOUND' });
    const asFunder = await kit.api.app.inject({ method: 'GET', url: `/structures/${target.structureId}/statements`, headers: (await kit.api.loginAs('funder')).headers });
    expect(asFunder.statusCode).toBe(403);
  });
});
