import { randomUUID } from 'node:crypto';
import { Ledger, paymentReceived, type ReconciliationDifference, type ReconciliationReport } from '@passerelle/billing';
import { TransactionRunner } from '@passerelle/database';
import {
  createFunder,
  createStructure,
  createTestInvoice,
  eventually,
  redeemVouchersOnBookings,
  startBillingTestKit,
  startTestApi,
  type BillingTestKit,
  type LoggedIn,
  type TestApi,
  type TestInvoice,
} from '@passerelle/testing';
import { reconcileCommand } from '../../../cli/src/reconcile/reconcile-command';

/** A difference without its wording. */
type Found = Omit<ReconciliationDifference, 'detail'>;

describe('reconciliation: ledger vs invoices, payments, payouts and Stripe (GET /admin/reconciliation, billing:reconcile)', () => {
  let kit: BillingTestKit;
  let admin: LoggedIn;
  /** Structures onboarded to Stripe, and what the flow below left them. */
  let first: { structureId: string; accountId: string };
  let second: { structureId: string; accountId: string };
  let stripePaid: TestInvoice & { funderId: string; paymentIntentId: string };
  let unpaid: TestInvoice & { funderId: string };
  /** Differences the tampering tests have caused so far (each test adds exactly its own). */
  const caused: Found[] = [];
  beforeAll(async () => {
    kit = await startBillingTestKit();
    admin = await kit.api.loginAs('admin');
  });
  afterAll(() => kit.close());

  async function reconcile(query = ''): Promise<ReconciliationReport> {
    const response = await kit.api.app.inject({ method: 'GET', url: `/admin/reconciliation${query}`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    return response.json();
  }
  const order = (list: Found[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  /** The report lists what the earlier tampering caused plus `added`, nothing else. */
  async function expectExactly(added: Found[]): Promise<ReconciliationReport> {
    caused.push(...added);
    const report = await reconcile();
    for (const difference of report.differences) expect(difference.detail).toEqual(expect.any(String));
    expect(order(report.differences.map(({ detail: _detail, ...found }) => found))).toEqual(order(caused));
    return report;
  }

  async function onboardedStructure(): Promise<{ structureId: string; accountId: string }> {
    const { mediator, structureId } = await kit.mediatorWithStructure();
    const accountId = (await kit.api.app.inject({ method: 'POST', url: `/structures/${structureId}/payout-account`, headers: mediator.headers })).json().stripeAccountId;
    await kit.payoutAccountReady(accountId);
    return { structureId, accountId };
  }
  async function invoiceOf(structures: { structureId: string; vouchers: number }[]): Promise<TestInvoice & { funderId: string; funder: LoggedIn }> {
    const { id: funderId } = await createFunder(kit.api.dataSource);
    const invoice = await createTestInvoice(kit.api, { funderId, operatorRateBp: 1000, structures });
    return { ...invoice, funderId, funder: await kit.api.loginAs('funder', { organisationId: funderId }) };
  }
  const transferredLines = (invoiceId: string) =>
    kit.api.dataSource.query("SELECT id, stripe_transfer_id FROM payout_lines WHERE invoice_id = $1 AND status = 'transferred' ORDER BY amount_cents DESC", [invoiceId]) as Promise<
      { id: string; stripe_transfer_id: string }[]
    >;

  it('finds no difference after a complete flow: issued, paid by Stripe and by bank, transferred, credited, and vouchers not invoiced yet', async () => {
    first = await onboardedStructure();
    second = await onboardedStructure();

    // Paid online: the webhook records the payment, the worker transfers both shares from the charge.
    const online = await invoiceOf([
      { structureId: first.structureId, vouchers: 2 },
      { structureId: second.structureId, vouchers: 1 },
    ]);
    const paymentIntentId = (await kit.api.app.inject({ method: 'POST', url: `/invoices/${online.invoiceId}/payment`, headers: online.funder.headers })).json().paymentIntentId;
    kit.stripe.state.fundPaymentIntent(paymentIntentId, online.totalGrossCents);
    const succeeded = kit.stripe.signedEvent('payment_intent.succeeded', structuredClone(kit.stripe.state.paymentIntents.get(paymentIntentId)!));
    await kit.postEvent(succeeded);
    expect(await kit.processed(succeeded.event.id)).toBe('applied');
    await eventually(async () => (await transferredLines(online.invoiceId)).length === 2, 'both transfers');
    stripePaid = { ...online, paymentIntentId };

    // Paid by bank transfer in two parts, recorded by an admin: its payout line waits (bank_transfer).
    const byBank = await invoiceOf([{ structureId: first.structureId, vouchers: 1 }]);
    for (const [amountCents, reference] of [
      [1_000, 'VIR-RECON-1'],
      [byBank.totalGrossCents - 1_000, 'VIR-RECON-2'],
    ] as const) {
      const paid = await kit.api.app.inject({
        method: 'POST',
        url: `/admin/invoices/${byBank.invoiceId}/mark-paid`,
        headers: admin.headers,
        payload: { amountCents, reference, receivedOn: '2026-11-20' },
      });
      expect(paid.statusCode).toBeLessThan(300);
    }

    // Credited after a partial payment: the funder is owed a refund, the structure no longer its share.
    const credited = await invoiceOf([{ structureId: second.structureId, vouchers: 3 }]);
    await kit.api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${credited.invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: 500, reference: 'VIR-RECON-3', receivedOn: '2026-11-21' },
    });
    const creditNote = await kit.api.app.inject({ method: 'POST', url: `/admin/invoices/${credited.invoiceId}/credit-notes`, headers: admin.headers, payload: { reason: 'Erreur de programme' } });
    expect(creditNote.statusCode).toBe(201);

    unpaid = await invoiceOf([{ structureId: second.structureId, vouchers: 1 }]);
    await redeemVouchersOnBookings(kit.api, { funderId: unpaid.funderId, structures: [{ structureId: first.structureId, vouchers: 2 }], redeemedAt: '2026-11-20T10:00:00+01:00' });

    const report = await reconcile();
    expect(report.differences).toEqual([]);
    expect(report.stripeChecked).toBe(true);
    expect(report.period).toEqual({ from: null, to: null });
    // Every check looked at something: 4 invoices + 1 credit note + 4 payments + 2 transfers journals.
    expect(report.counts.event_journals).toEqual({ checked: 11, differences: 0 });
    expect(report.counts.invoice_amount_paid.checked).toBe(4);
    // Two shares of the Stripe-paid invoice, one of the bank-paid one (the credited one was never paid in full).
    expect(report.counts.payout_lines).toEqual({ checked: 3, differences: 0 });
    expect(report.counts.stripe_payment_intents).toEqual({ checked: 1, differences: 0 });
    expect(report.counts.stripe_transfers).toEqual({ checked: 2, differences: 0 });
    expect(report.counts.journals_balanced.checked).toBeGreaterThanOrEqual(11 + 9);
    // 4 funders × receivable, 4 × unbilled (accrued then invoiced), 2 structures.
    expect(report.counts.party_balances.checked).toBe(10);

    const printed: string[] = [];
    expect(await reconcileCommand(kit.api.config, [], (line) => printed.push(line))).toBe(0);
    expect(printed).toContain('No difference.');
  });

  it('refuses a malformed period (400, nothing checked) and keeps the report to admins', async () => {
    const bad = await kit.api.app.inject({ method: 'GET', url: '/admin/reconciliation?from=2026-11-31', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('RECONCILIATION_PERIOD_INVALID');
    const reversed = await kit.api.app.inject({ method: 'GET', url: '/admin/reconciliation?from=2026-12-01&to=2026-11-01', headers: admin.headers });
    expect(reversed.json().code).toBe('RECONCILIATION_PERIOD_INVALID');
    const funder = await kit.api.loginAs('funder', { organisationId: unpaid.funderId });
    expect((await kit.api.app.inject({ method: 'GET', url: '/admin/reconciliation', headers: funder.headers })).statusCode).toBe(403);
    // A period before anything existed checks no object (the balances are over all time, and agree).
    const past = await reconcile('?from=2020-01-01&to=2020-01-31');
    expect(past.counts.event_journals.checked).toBe(0);
    expect(past.counts.stripe_transfers.checked).toBe(0);
    expect(past.differences).toEqual([]);
  });

  it('finds a rogue balanced journal moving money between two structures: both balances differ', async () => {
    const ledger = kit.api.app.get(Ledger);
    const [owedFirst, owedSecond] = [await ledger.structureBalance(first.structureId), await ledger.structureBalance(second.structureId)];
    await kit.api.app.get(TransactionRunner).run((tx) =>
      ledger.post(tx, {
        kind: 'adjustment',
        eventKey: `rogue:${randomUUID()}`,
        description: 'Écriture non justifiée',
        occurredAt: new Date(),
        entries: [
          { account: 'structure_payable', partyId: first.structureId, amountCents: 700 },
          { account: 'structure_payable', partyId: second.structureId, amountCents: -700 },
        ],
      }),
    );
    await expectExactly([
      { kind: 'structure_payable_balance', subject: { partyId: first.structureId, account: 'structure_payable' }, expected: owedFirst, actual: owedFirst - 700 },
      { kind: 'structure_payable_balance', subject: { partyId: second.structureId, account: 'structure_payable' }, expected: owedSecond, actual: owedSecond + 700 },
    ]);
  });

  it('finds a journal that does not balance, written with the constraint triggers switched off', async () => {
    const eventKey = `unbalanced:${randomUUID()}`;
    const journalId = await kit.api.app.get(TransactionRunner).run(async (tx) => {
      // Only a superuser can do this: it is what the check guards against.
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      const [{ id }] = await tx.query(
        `INSERT INTO ledger_journals (kind, event_key, description, occurred_at) VALUES ('adjustment', $1, 'Écriture bancale', now()) RETURNING id`,
        [eventKey],
      );
      await tx.query(`INSERT INTO ledger_entries (journal_id, account, amount_cents) VALUES ($1, 'bank_cash', 999)`, [id]);
      return id as string;
    });
    await expectExactly([{ kind: 'journal_unbalanced', subject: { journalId, eventKey }, expected: 0, actual: 999 }]);
  });

  it('finds a payment row written without its journal, and a payment journal without its payment', async () => {
    const [{ id: paymentId }] = await kit.api.dataSource.query(
      `INSERT INTO invoice_payments (invoice_id, source, reference, amount_cents, received_on, received_at, recorded_by)
       VALUES ($1, 'bank_transfer', 'VIR-HORS-SERVICE', 300, '2026-11-25', now(), $2) RETURNING id`,
      [unpaid.invoiceId, admin.user.id],
    );
    const orphanKey = randomUUID();
    await kit.api.app.get(TransactionRunner).run((tx) =>
      kit.api.app.get(Ledger).post(tx, paymentReceived({ paymentKey: orphanKey, funderId: stripePaid.funderId, amountCents: 200, via: 'bank', occurredAt: new Date() })),
    );
    const [{ id: journalId }] = await kit.api.dataSource.query('SELECT id FROM ledger_journals WHERE event_key = $1', [`payment:${orphanKey}`]);
    await expectExactly([
      {
        kind: 'payment_received_journal_missing',
        subject: { paymentId, invoiceId: unpaid.invoiceId, eventKey: `payment:${paymentId}` },
        expected: 'payment_received',
        actual: null,
      },
      { kind: 'funder_receivable_balance', subject: { partyId: unpaid.funderId, account: 'funder_receivable' }, expected: unpaid.totalGrossCents - 300, actual: unpaid.totalGrossCents },
      { kind: 'journal_orphan', subject: { journalId, eventKey: `payment:${orphanKey}` }, expected: null, actual: 'payment_received' },
      { kind: 'funder_receivable_balance', subject: { partyId: stripePaid.funderId, account: 'funder_receivable' }, expected: 0, actual: -200 },
    ]);
  });

  it('finds a payment journal booked for another amount than its payment, entry by entry', async () => {
    // Another structure: the balances of the first two keep what the tests above expect of them.
    const { structureId } = await kit.mediatorWithStructure();
    const invoice = await invoiceOf([{ structureId, vouchers: 1 }]);
    const [{ id: paymentId }] = await kit.api.dataSource.query(
      `INSERT INTO invoice_payments (invoice_id, source, reference, amount_cents, received_on, received_at, recorded_by)
       VALUES ($1, 'bank_transfer', 'VIR-MONTANT', 100, '2026-11-26', now(), $2) RETURNING id`,
      [invoice.invoiceId, admin.user.id],
    );
    await kit.api.app.get(TransactionRunner).run((tx) =>
      kit.api.app.get(Ledger).post(tx, paymentReceived({ paymentKey: paymentId, funderId: invoice.funderId, amountCents: 150, via: 'bank', occurredAt: new Date() })),
    );
    const subject = { paymentId, invoiceId: invoice.invoiceId, eventKey: `payment:${paymentId}` };
    await expectExactly([
      { kind: 'payment_received_journal_mismatch', subject: { ...subject, account: 'bank_cash', partyId: null }, expected: 100, actual: 150 },
      { kind: 'payment_received_journal_mismatch', subject: { ...subject, account: 'funder_receivable', partyId: invoice.funderId }, expected: -100, actual: -150 },
      { kind: 'funder_receivable_balance', subject: { partyId: invoice.funderId, account: 'funder_receivable' }, expected: invoice.totalGrossCents - 100, actual: invoice.totalGrossCents - 150 },
    ]);
  });

  it('finds a Stripe transfer whose amount differs from its payout line, and a PaymentIntent whose amount received differs', async () => {
    const [line] = await transferredLines(stripePaid.invoiceId);
    kit.stripe.state.transfers.get(line!.stripe_transfer_id)!.amount = 1_500;
    kit.stripe.state.paymentIntents.get(stripePaid.paymentIntentId)!.amount_received = stripePaid.totalGrossCents - 100;
    const report = await expectExactly([
      {
        kind: 'stripe_transfer_amount',
        subject: { payoutLineId: line!.id, invoiceId: stripePaid.invoiceId, structureId: first.structureId, transferId: line!.stripe_transfer_id },
        expected: 2_000,
        actual: 1_500,
      },
      {
        kind: 'stripe_payment_received',
        subject: { invoiceId: stripePaid.invoiceId, number: stripePaid.number, paymentIntentId: stripePaid.paymentIntentId },
        expected: stripePaid.totalGrossCents,
        actual: stripePaid.totalGrossCents - 100,
      },
    ]);
    expect(report.counts.stripe_transfers).toEqual({ checked: 2, differences: 1 });
    // Retrieved from the Stripe test server, not guessed from our rows.
    expect(kit.stripe.requests.some((r) => r.method === 'GET' && r.path === `/v1/transfers/${line!.stripe_transfer_id}`)).toBe(true);
  });

  it('billing:reconcile exits 1 and prints every difference as a table', async () => {
    const printed: string[] = [];
    expect(await reconcileCommand(kit.api.config, [], (line) => printed.push(line))).toBe(1);
    expect(printed).toContain(`${caused.length} difference(s):`);
    const rows = printed.slice(printed.indexOf(`${caused.length} difference(s):`) + 3);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual(caused.map((d) => d.kind).sort());
    expect(printed.find((row) => row.startsWith('stripe_transfer_amount'))).toMatch(/2000\s+1500/);
    // A period keeps the per-object checks to it (nothing then) but the balances are over all time.
    const periodOnly: string[] = [];
    expect(await reconcileCommand(kit.api.config, ['--from', '2020-01-01', '--to', '2020-01-31'], (line) => periodOnly.push(line))).toBe(1);
    expect(periodOnly.some((row) => row.startsWith('stripe_transfer_amount'))).toBe(false);
    expect(periodOnly.filter((row) => /_balance\s/.test(row))).toHaveLength(caused.filter((d) => d.kind.endsWith('_balance')).length);
  });
});

describe('reconciliation without Stripe (bank transfers only)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('checks the ledger against the documents and says the Stripe checks did not run', async () => {
    const admin = await api.loginAs('admin');
    const { id: funderId } = await createFunder(api.dataSource);
    const invoice = await createTestInvoice(api, { funderId, structures: [{ structureId: (await createStructure(api.dataSource)).id, vouchers: 2 }] });
    await api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoice.invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: invoice.totalGrossCents, reference: 'VIR-SANS-STRIPE', receivedOn: '2026-11-20' },
    });
    const report: ReconciliationReport = (await api.app.inject({ method: 'GET', url: '/admin/reconciliation', headers: admin.headers })).json();
    expect(report).toMatchObject({ stripeChecked: false, differences: [] });
    expect(report.counts.event_journals).toEqual({ checked: 2, differences: 0 });
    expect(report.counts.payout_lines).toEqual({ checked: 1, differences: 0 });
    expect(report.counts.stripe_payment_intents).toEqual({ checked: 0, differences: 0 });
  });

  it("checks a structure paid by the operator's bank transfer, and finds a line marked paid past the service (no journal)", async () => {
    const admin = await api.loginAs('admin');
    const paidInvoice = async (reference: string) => {
      const { id: funderId } = await createFunder(api.dataSource);
      const structureId = (await createStructure(api.dataSource)).id;
      const invoice = await createTestInvoice(api, { funderId, structures: [{ structureId, vouchers: 2 }] });
      await api.app.inject({
        method: 'POST',
        url: `/admin/invoices/${invoice.invoiceId}/mark-paid`,
        headers: admin.headers,
        payload: { amountCents: invoice.totalGrossCents, reference, receivedOn: '2026-11-20' },
      });
      const [line] = await api.dataSource.query('SELECT id, amount_cents::int AS amount FROM payout_lines WHERE invoice_id = $1', [invoice.invoiceId]);
      return { invoiceId: invoice.invoiceId, structureId, line: line as { id: string; amount: number } };
    };
    const reconcile = async (): Promise<ReconciliationReport> =>
      (await api.app.inject({ method: 'GET', url: '/admin/reconciliation', headers: admin.headers })).json();

    const paidOut = await paidInvoice('VIR-RECON-VERS');
    const before = await reconcile();
    const recorded = await api.app.inject({
      method: 'POST',
      url: `/admin/payout-lines/${paidOut.line.id}/mark-paid`,
      headers: admin.headers,
      payload: { reference: 'VIR-VERS-RECON', paidOn: '2026-11-30' },
    });
    expect(recorded.statusCode).toBe(200);
    const after = await reconcile();
    expect(after.differences).toEqual([]);
    // One more money event (the payout) with its journal.
    expect(after.counts.event_journals).toEqual({ checked: before.counts.event_journals.checked + 1, differences: 0 });
    const november = (await api.app.inject({ method: 'GET', url: '/admin/reconciliation?from=2026-11-30&to=2026-11-30', headers: admin.headers })).json();
    expect(november.counts.event_journals).toEqual({ checked: 1, differences: 0 });

    // Marked paid by SQL: no journal, and the ledger still owes the structure its share.
    const tampered = await paidInvoice('VIR-RECON-TAMPER');
    await api.dataSource.query(
      `UPDATE payout_lines SET status = 'paid_by_bank', pending_reason = NULL, bank_reference = 'VIR-HORS-SERVICE', paid_on = '2026-11-30', paid_by = $2 WHERE id = $1`,
      [tampered.line.id, admin.user.id],
    );
    const found = (await reconcile()).differences.map(({ detail: _detail, ...difference }) => difference);
    expect(found).toEqual(
      expect.arrayContaining([
        {
          kind: 'transfer_sent_journal_missing',
          subject: { payoutLineId: tampered.line.id, invoiceId: tampered.invoiceId, structureId: tampered.structureId, eventKey: `transfer:${tampered.line.id}` },
          expected: 'transfer_sent',
          actual: null,
        },
        { kind: 'structure_payable_balance', subject: { partyId: tampered.structureId, account: 'structure_payable' }, expected: 0, actual: tampered.line.amount },
      ]),
    );
    expect(found).toHaveLength(2);
  });
});
