import { Ledger, type ReconciliationReport } from '@passerelle/billing';
import { createFunder, createStructure, createTestInvoice, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';

describe('payouts by bank transfer: GET /admin/payout-lines, POST /admin/payout-lines/{id}/mark-paid (no Stripe)', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
  });
  afterAll(() => api.close());

  /** An invoice paid by bank transfer: each of its structures has a payout line pending with bank_transfer. */
  async function paidInvoice(structures = 1) {
    const { id: funderId } = await createFunder(api.dataSource);
    const list = await Promise.all(Array.from({ length: structures }, () => createStructure(api.dataSource)));
    const invoice = await createTestInvoice(api, { funderId, structures: list.map((s, i) => ({ structureId: s.id, vouchers: i + 2 })) });
    const paid = await api.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoice.invoiceId}/mark-paid`,
      headers: admin.headers,
      payload: { amountCents: invoice.totalGrossCents, reference: `VIR-${invoice.number}`, receivedOn: '2026-11-20' },
    });
    expect(paid.json()).toMatchObject({ status: 'paid' });
    const lines: { id: string; structure_id: string; amount: number }[] = await api.dataSource.query(
      'SELECT id, structure_id, amount_cents::int AS amount FROM payout_lines WHERE invoice_id = $1 ORDER BY amount_cents',
      [invoice.invoiceId],
    );
    return { ...invoice, funderId, structureIds: list.map((s) => s.id), lines };
  }
  const markPaid = (id: string, payload: object, headers: Record<string, string> = admin.headers) =>
    api.app.inject({ method: 'POST', url: `/admin/payout-lines/${id}/mark-paid`, headers, payload });
  const line = async (id: string) =>
    (
      await api.dataSource.query(
        `SELECT status, pending_reason, bank_reference, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, paid_by FROM payout_lines WHERE id = $1`,
        [id],
      )
    )[0];
  const journalsOf = (id: string) =>
    api.dataSource.query(
      `SELECT j.kind, e.account, e.party_id, e.amount_cents::int AS amount, j.occurred_at FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.event_key = $1 ORDER BY e.amount_cents`,
      [`transfer:${id}`],
    );
  const statement = async (structureId: string) => {
    const response = await api.app.inject({ method: 'GET', url: `/structures/${structureId}/statements`, headers: admin.headers });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const reconcile = async (): Promise<ReconciliationReport> =>
    (await api.app.inject({ method: 'GET', url: '/admin/reconciliation', headers: admin.headers })).json();

  it('lists the pending lines for the admin, oldest first, page by page', async () => {
    const { lines, number } = await paidInvoice(3);
    const all = await api.app.inject({ method: 'GET', url: '/admin/payout-lines?status=pending&pageSize=200', headers: admin.headers });
    expect(all.statusCode).toBe(200);
    const ours = all.json().items.filter((item: { invoiceNumber: string }) => item.invoiceNumber === number);
    expect(ours.map((item: { payoutLineId: string }) => item.payoutLineId).sort()).toEqual(lines.map((l) => l.id).sort());
    expect(ours[0]).toMatchObject({ status: 'pending', pendingReason: 'bank_transfer', bankReference: null, paidOn: null, structureName: expect.any(String) });
    // The default is the pending lines; pages do not overlap and say whether another follows.
    const first = (await api.app.inject({ method: 'GET', url: '/admin/payout-lines?pageSize=2', headers: admin.headers })).json();
    const second = (await api.app.inject({ method: 'GET', url: '/admin/payout-lines?pageSize=2&page=2', headers: admin.headers })).json();
    expect(first).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    expect(first.items).toHaveLength(2);
    expect(second.items.length).toBeGreaterThan(0);
    const ids = [...first.items, ...second.items].map((item: { payoutLineId: string }) => item.payoutLineId);
    expect(new Set(ids).size).toBe(ids.length);
    const none = (await api.app.inject({ method: 'GET', url: '/admin/payout-lines?status=transferred', headers: admin.headers })).json();
    expect(none).toEqual({ items: [], page: 1, pageSize: 50, hasMore: false });
    for (const query of ['status=paid', 'page=0', 'pageSize=201', 'page=x']) {
      const bad = await api.app.inject({ method: 'GET', url: `/admin/payout-lines?${query}`, headers: admin.headers });
      expect({ query, status: bad.statusCode }).toEqual({ query, status: 400 });
    }
    for (const role of ['funder', 'mediator'] as const) {
      const refused = await api.app.inject({ method: 'GET', url: '/admin/payout-lines', headers: (await api.loginAs(role)).headers });
      expect(refused.statusCode).toBe(403);
    }
  });

  it('records a bank payout once under 20 concurrent calls: one change, one balanced journal, one audit row; the statement shows it paid', async () => {
    const { lines, structureIds, invoiceId } = await paidInvoice(2);
    const target = lines[0]!;
    const payload = { reference: 'VIR-VERS-0001', paidOn: '2026-11-30' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => markPaid(target.id, payload)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(responses[0]!.json()).toMatchObject({ payoutLineId: target.id, invoiceId, status: 'paid_by_bank', pendingReason: null, bankReference: 'VIR-VERS-0001', paidOn: '2026-11-30', amountCents: target.amount });
    expect(await line(target.id)).toEqual({ status: 'paid_by_bank', pending_reason: null, bank_reference: 'VIR-VERS-0001', paid_on: '2026-11-30', paid_by: admin.user.id });

    // structure_payable debited (the platform no longer owes it), bank_cash credited: the same journal kind as a Stripe transfer.
    expect(await journalsOf(target.id)).toEqual([
      { kind: 'transfer_sent', account: 'bank_cash', party_id: null, amount: -target.amount, occurred_at: new Date('2026-11-30T00:00:00+01:00') },
      { kind: 'transfer_sent', account: 'structure_payable', party_id: target.structure_id, amount: target.amount, occurred_at: new Date('2026-11-30T00:00:00+01:00') },
    ]);
    expect(await api.app.get(Ledger).structureBalance(target.structure_id)).toBe(0);
    const audit = await api.dataSource.query("SELECT actor_user_id, details FROM audit_log WHERE action = 'payout_line.paid_by_bank' AND object_id = $1", [target.id]);
    expect(audit).toEqual([
      { actor_user_id: admin.user.id, details: { invoiceId, structureId: target.structure_id, amountCents: target.amount, reference: 'VIR-VERS-0001', paidOn: '2026-11-30' } },
    ]);

    const paidOut = await statement(target.structure_id);
    expect(paidOut.invoices).toEqual([
      expect.objectContaining({ invoiceId, paidOutCents: target.amount, pendingCents: 0, pendingReason: null, transfer: null, bankTransfer: { payoutLineId: target.id, reference: 'VIR-VERS-0001', paidOn: '2026-11-30' } }),
    ]);
    expect(paidOut).toMatchObject({ totals: { earnedCents: target.amount, paidOutCents: target.amount, pendingCents: 0 }, ledgerBalanceCents: 0 });
    expect(paidOut.totals.pendingByReason.bank_transfer).toBe(0);
    // The other structure of the invoice still waits for its transfer.
    const other = structureIds.find((id) => id !== target.structure_id)!;
    expect((await statement(other)).totals.pendingByReason.bank_transfer).toBe(lines[1]!.amount);

    const listed = (await api.app.inject({ method: 'GET', url: '/admin/payout-lines?status=paid_by_bank&pageSize=200', headers: admin.headers })).json();
    expect(listed.items.map((item: { payoutLineId: string }) => item.payoutLineId)).toContain(target.id);
    const report = await reconcile();
    expect(report.differences).toEqual([]);
    expect(report.counts.event_journals.differences).toBe(0);
  });

  it('answers 409 PAYOUT_LINE_ALREADY_PAID for another reference or day, even when 20 different ones race', async () => {
    const { lines } = await paidInvoice();
    const target = lines[0]!;
    const race = await Promise.all(Array.from({ length: 20 }, (_, i) => markPaid(target.id, { reference: `VIR-RACE-${i}`, paidOn: '2026-11-29' })));
    const won = race.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    expect(new Set(race.filter((r) => r.statusCode !== 200).map((r) => `${r.statusCode} ${r.json().code}`))).toEqual(new Set(['409 PAYOUT_LINE_ALREADY_PAID']));
    const reference = won[0]!.json().bankReference as string;
    const [journals] = await api.dataSource.query('SELECT count(*)::int AS n FROM ledger_journals WHERE event_key = $1', [`transfer:${target.id}`]);
    expect(journals.n).toBe(1);

    const otherDay = await markPaid(target.id, { reference, paidOn: '2026-11-28' });
    expect({ status: otherDay.statusCode, code: otherDay.json().code }).toEqual({ status: 409, code: 'PAYOUT_LINE_ALREADY_PAID' });
    const otherReference = await markPaid(target.id, { reference: 'VIR-AUTRE', paidOn: '2026-11-29' });
    expect({ status: otherReference.statusCode, body: otherReference.json() }).toMatchObject({
      status: 409,
      body: { status: 409, code: 'PAYOUT_LINE_ALREADY_PAID', paidBy: 'bank_transfer', reference, paidOn: '2026-11-29' },
    });
    // The same again (a retried request) is fine and changes nothing.
    expect((await markPaid(target.id, { reference: `  ${reference} `, paidOn: '2026-11-29' })).json()).toMatchObject({ duplicate: true, bankReference: reference });
    expect(await line(target.id)).toMatchObject({ status: 'paid_by_bank', bank_reference: reference, paid_on: '2026-11-29' });
    // PostgreSQL keeps a paid line as it is, whoever writes.
    await expect(api.dataSource.query("UPDATE payout_lines SET bank_reference = 'VIR-SQL' WHERE id = $1", [target.id])).rejects.toThrow(/cannot be rewritten/);
    await expect(api.dataSource.query("UPDATE payout_lines SET status = 'pending', pending_reason = 'bank_transfer' WHERE id = $1", [target.id])).rejects.toThrow(
      /cannot be rewritten/,
    );
  });

  it('refuses a line whose Stripe transfer is queued, bad input, unknown ids and non-admins, and changes nothing', async () => {
    const { lines } = await paidInvoice();
    const target = lines[0]!;
    await api.dataSource.query("UPDATE payout_lines SET pending_reason = 'awaiting_transfer' WHERE id = $1", [target.id]);
    const queued = await markPaid(target.id, { reference: 'VIR-X', paidOn: '2026-11-30' });
    expect({ status: queued.statusCode, code: queued.json().code }).toEqual({ status: 409, code: 'PAYOUT_LINE_TRANSFER_IN_PROGRESS' });
    await api.dataSource.query("UPDATE payout_lines SET pending_reason = 'bank_transfer' WHERE id = $1", [target.id]);

    for (const payload of [
      { reference: 'VIR-X', paidOn: '2999-01-01' },
      { reference: 'VIR-X', paidOn: '2026-02-30' },
      { reference: 'VIR-X', paidOn: '30/11/2026' },
      { reference: '   ', paidOn: '2026-11-30' },
      { reference: 'x'.repeat(141), paidOn: '2026-11-30' },
      { reference: 'VIR-X' },
      { reference: 'VIR-X', paidOn: '2026-11-30', amountCents: 1 },
    ]) {
      const response = await markPaid(target.id, payload);
      expect({ payload, status: response.statusCode }).toEqual({ payload, status: 400 });
    }
    const future = await markPaid(target.id, { reference: 'VIR-X', paidOn: '2999-01-01' });
    expect(future.json().code).toBe('PAYOUT_DATE_INVALID');
    const malformed = await markPaid('not-a-uuid', { reference: 'VIR-X', paidOn: '2026-11-30' });
    expect({ status: malformed.statusCode, code: malformed.json().code }).toEqual({ status: 400, code: 'INVALID_ID' });
    const unknown = await markPaid('00000000-0000-4000-8000-000000000000', { reference: 'VIR-X', paidOn: '2026-11-30' });
    expect({ status: unknown.statusCode, code: unknown.json().code }).toEqual({ status: 404, code: 'PAYOUT_LINE_NOT_FOUND' });
    for (const role of ['funder', 'mediator', 'prescriber', 'beneficiary'] as const) {
      expect((await markPaid(target.id, { reference: 'VIR-X', paidOn: '2026-11-30' }, (await api.loginAs(role)).headers)).statusCode).toBe(403);
    }
    expect((await markPaid(target.id, { reference: 'VIR-X', paidOn: '2026-11-30' }, {})).statusCode).toBe(401);
    expect(await line(target.id)).toMatchObject({ status: 'pending', pending_reason: 'bank_transfer', bank_reference: null });
    expect(await journalsOf(target.id)).toEqual([]);
  });
});
