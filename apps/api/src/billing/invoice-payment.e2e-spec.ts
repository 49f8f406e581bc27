import { createFunder, createStructure, createTestInvoice, startBillingTestKit, startTestApi, type BillingTestKit, type LoggedIn } from '@passerelle/testing';

describe('POST /invoices/{id}/payment', () => {
  let kit: BillingTestKit;

  beforeAll(async () => {
    kit = await startBillingTestKit();
  });
  afterAll(() => kit.close());

  async function funderWithInvoice(sector: 'public' | 'private'): Promise<{ funder: LoggedIn; invoiceId: string; number: string; totalGrossCents: number }> {
    const { id: funderId } = await createFunder(kit.api.dataSource, { sector });
    const funder = await kit.api.loginAs('funder', { organisationId: funderId });
    const structure = await createStructure(kit.api.dataSource);
    const invoice = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: structure.id, vouchers: 3 }] });
    return { funder, ...invoice };
  }
  const pay = (invoiceId: string, headers: { authorization: string }) =>
    kit.api.app.inject({ method: 'POST', url: `/invoices/${invoiceId}/payment`, headers });
  const intentsOf = (invoiceId: string) => [...kit.stripe.state.paymentIntents.values()].filter((pi) => pi.transfer_group === invoiceId);

  it('asks a public funder for a bank transfer to its virtual IBAN: one PaymentIntent under 20 concurrent calls', async () => {
    const { funder, invoiceId, number, totalGrossCents } = await funderWithInvoice('public');
    const responses = await Promise.all(Array.from({ length: 20 }, () => pay(invoiceId, funder.headers)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(intentsOf(invoiceId)).toHaveLength(1);
    expect(kit.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.params.transfer_group === invoiceId)).toHaveLength(1);
    const body = responses[0]!.json();
    expect(new Set(responses.map((r) => r.json().paymentIntentId))).toEqual(new Set([body.paymentIntentId]));
    expect(body).toMatchObject({
      invoiceId,
      number,
      amountDueCents: totalGrossCents,
      online: true,
      method: 'bank_transfer',
      paymentIntentStatus: 'requires_action',
      allowedPaymentMethodTypes: ['customer_balance'],
      clientSecret: null,
      bankTransfer: { bic: 'SXPYFRP1XXX', amountRemainingCents: totalGrossCents },
    });
    expect(body.bankTransfer.iban).toMatch(/^FR76/);
    expect(body.bankTransfer.reference).toBeTruthy();

    const [intent] = intentsOf(invoiceId);
    expect(intent).toMatchObject({ amount: totalGrossCents, metadata: { invoice_id: invoiceId, invoice_number: number } });
    const created = kit.stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.params.transfer_group === invoiceId)!;
    expect(created.idempotencyKey).toBe(`pi:${invoiceId}:1`);
    expect(created.params).toMatchObject({
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } } },
    });
    const [row] = await kit.api.dataSource.query('SELECT stripe_payment_intent_id FROM invoices WHERE id = $1', [invoiceId]);
    expect(row.stripe_payment_intent_id).toBe(body.paymentIntentId);
  });

  it("keeps one Stripe customer (one virtual IBAN) per funder across its invoices", async () => {
    const { id: funderId } = await createFunder(kit.api.dataSource);
    const funder = await kit.api.loginAs('funder', { organisationId: funderId });
    const structure = await createStructure(kit.api.dataSource);
    const first = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: structure.id, vouchers: 1 }] });
    const second = await createTestInvoice(kit.api, { funderId, structures: [{ structureId: structure.id, vouchers: 2 }] });
    const [a, b] = [(await pay(first.invoiceId, funder.headers)).json(), (await pay(second.invoiceId, funder.headers)).json()];
    expect(a.paymentIntentId).not.toBe(b.paymentIntentId);
    expect(a.bankTransfer.iban).toBe(b.bankTransfer.iban);
    expect(intentsOf(first.invoiceId)[0]!.customer).toBe(intentsOf(second.invoiceId)[0]!.customer);
  });

  it('lets a private funder pay online (SEPA debit or card) with a client secret, the same intent each time', async () => {
    const { funder, invoiceId } = await funderWithInvoice('private');
    const first = (await pay(invoiceId, funder.headers)).json();
    expect(first).toMatchObject({ online: true, method: 'online', allowedPaymentMethodTypes: ['sepa_debit', 'card'], bankTransfer: null });
    expect(first.clientSecret).toMatch(/_secret_/);
    const again = (await pay(invoiceId, funder.headers)).json();
    expect(again).toMatchObject({ paymentIntentId: first.paymentIntentId, clientSecret: first.clientSecret });
    expect(intentsOf(invoiceId)).toHaveLength(1);
  });

  it("answers 404 for another funder's invoice, 400 for a malformed id, 403 to other roles, 409 once paid", async () => {
    const { funder, invoiceId, totalGrossCents } = await funderWithInvoice('public');
    const stranger = await kit.api.loginAs('funder');
    for (const [id, headers, status, code] of [
      [invoiceId, stranger.headers, 404, 'INVOICE_NOT_FOUND'],
      ['nope', funder.headers, 400, 'INVALID_ID'],
      ['00000000-0000-4000-8000-000000000000', funder.headers, 404, 'INVOICE_NOT_FOUND'],
    ] as const) {
      const response = await pay(id, headers);
      expect({ id, status: response.statusCode, code: response.json().code }).toEqual({ id, status, code });
    }
    expect((await pay(invoiceId, (await kit.api.loginAs('mediator')).headers)).statusCode).toBe(403);
    expect(intentsOf(invoiceId)).toHaveLength(0);

    const admin = await kit.api.loginAs('admin');
    await kit.api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: totalGrossCents, reference: 'VIR-1', receivedOn: '2026-11-20' },
    });
    const paid = await pay(invoiceId, funder.headers);
    expect({ status: paid.statusCode, code: paid.json().code }).toEqual({ status: 409, code: 'INVOICE_ALREADY_PAID' });
  });

  it("without Stripe, answers 200 with the platform's bank details and the invoice number to quote", async () => {
    const plain = await startTestApi({ INVOICE_BANK_IBAN: 'FR76 3000 6000 0112 3456 7890 189', INVOICE_BANK_BIC: 'BNPAFRPPXXX' });
    try {
      const { id: funderId } = await createFunder(plain.dataSource);
      const funder = await plain.loginAs('funder', { organisationId: funderId });
      const structure = await createStructure(plain.dataSource);
      const { invoiceId, number, totalGrossCents } = await createTestInvoice(plain, { funderId, structures: [{ structureId: structure.id, vouchers: 2 }] });
      const response = await plain.app.inject({ method: 'POST', url: `/invoices/${invoiceId}/payment`, headers: funder.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        invoiceId,
        number,
        amountDueCents: totalGrossCents,
        online: false,
        method: 'bank_transfer',
        paymentIntentId: null,
        paymentIntentStatus: null,
        allowedPaymentMethodTypes: [],
        clientSecret: null,
        bankTransfer: {
          iban: 'FR7630006000011234567890189',
          bic: 'BNPAFRPPXXX',
          accountHolderName: 'Passerelle SAS',
          reference: number,
          amountRemainingCents: totalGrossCents,
          hostedInstructionsUrl: null,
        },
      });
    } finally {
      await plain.close();
    }
  });
});
