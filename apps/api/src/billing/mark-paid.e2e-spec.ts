import { Ledger } from '@passerelle/billing';
import { createFunder, createStructure, createTestInvoice, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';

describe('POST /admin/invoices/{id}/mark-paid (bank transfer, no Stripe)', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
  });
  afterAll(() => api.close());

  async function invoice(structures = 1) {
    const { id: funderId } = await createFunder(api.dataSource);
    const list = await Promise.all(Array.from({ length: structures }, () => createStructure(api.dataSource)));
    const created = await createTestInvoice(api, { funderId, structures: list.map((s, i) => ({ structureId: s.id, vouchers: i + 2 })) });
    return { ...created, funderId, structureIds: list.map((s) => s.id) };
  }
  const markPaid = (invoiceId: string, payload: object, headers = admin.headers) =>
    api.app.inject({ method: 'POST', url: `/admin/invoices/${invoiceId}/mark-paid`, headers, payload });
  const state = async (invoiceId: string) => {
    const [row] = await api.dataSource.query('SELECT status, amount_paid_cents::int AS paid, paid_at FROM invoices WHERE id = $1', [invoiceId]);
    const payments: { reference: string; amount: number }[] = await api.dataSource.query(
      'SELECT reference, amount_cents::int AS amount FROM invoice_payments WHERE invoice_id = $1 ORDER BY created_at',
      [invoiceId],
    );
    const [journals] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_journals WHERE kind = 'payment_received'
          AND event_key = ANY(SELECT 'payment:' || id FROM invoice_payments WHERE invoice_id = $1)`,
      [invoiceId],
    );
    return { status: row.status as string, paid: row.paid as number, paidAt: row.paid_at as Date | null, payments, journals: journals.n as number };
  };

  it('tracks partial payments issued → partially_paid → paid, one payment row and one balanced journal each, audited', async () => {
    const { invoiceId, totalGrossCents, funderId } = await invoice();
    const first = await markPaid(invoiceId, { amountCents: 1000, reference: 'VIR-A', receivedOn: '2026-11-20' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'partially_paid', amountPaidCents: 1000, amountDueCents: totalGrossCents - 1000, duplicate: false });
    expect(await state(invoiceId)).toMatchObject({ status: 'partially_paid', paid: 1000, paidAt: null, journals: 1 });

    const rest = await markPaid(invoiceId, { amountCents: totalGrossCents - 1000, reference: 'VIR-B', receivedOn: '2026-11-25' });
    expect(rest.json()).toMatchObject({ status: 'paid', amountPaidCents: totalGrossCents, amountDueCents: 0 });
    const paid = await state(invoiceId);
    expect(paid).toMatchObject({ status: 'paid', paid: totalGrossCents, journals: 2 });
    expect(paid.paidAt).toEqual(new Date('2026-11-25T00:00:00+01:00'));
    expect(paid.payments).toEqual([
      { reference: 'VIR-A', amount: 1000 },
      { reference: 'VIR-B', amount: totalGrossCents - 1000 },
    ]);
    // bank_cash debited, the funder's receivable settled.
    expect(await api.app.get(Ledger).funderBalance(funderId)).toEqual({ unbilledCents: 0, receivableCents: 0 });
    const [bank] = await api.dataSource.query(
      `SELECT sum(e.amount_cents)::int AS sum FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
        WHERE e.account = 'bank_cash' AND j.event_key = ANY(SELECT 'payment:' || id FROM invoice_payments WHERE invoice_id = $1)`,
      [invoiceId],
    );
    expect(bank.sum).toBe(totalGrossCents);
    const audit = await api.dataSource.query(
      "SELECT actor_user_id, details FROM audit_log WHERE action = 'invoice.payment_recorded' AND object_id = $1 ORDER BY id",
      [invoiceId],
    );
    expect(audit).toEqual([
      expect.objectContaining({ actor_user_id: admin.user.id, details: expect.objectContaining({ reference: 'VIR-A', amountCents: 1000 }) }),
      expect.objectContaining({ details: expect.objectContaining({ reference: 'VIR-B' }) }),
    ]);
  });

  it('records a reference once: a repeat changes nothing, the same reference with another amount is 409', async () => {
    const { invoiceId } = await invoice();
    const payload = { amountCents: 500, reference: 'VIR-REPEAT', receivedOn: '2026-11-20' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => markPaid(invoiceId, payload)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(responses.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(await state(invoiceId)).toMatchObject({ paid: 500, payments: [{ reference: 'VIR-REPEAT', amount: 500 }], journals: 1 });
    const conflict = await markPaid(invoiceId, { ...payload, amountCents: 600 });
    expect({ status: conflict.statusCode, code: conflict.json().code }).toEqual({ status: 409, code: 'PAYMENT_REFERENCE_CONFLICT' });
    expect((await state(invoiceId)).paid).toBe(500);
  });

  it('refuses an over-payment (422 with the amount due) even when 10 payments of the whole amount race', async () => {
    const { invoiceId, totalGrossCents } = await invoice();
    const over = await markPaid(invoiceId, { amountCents: totalGrossCents + 1, reference: 'VIR-OVER', receivedOn: '2026-11-20' });
    expect({ status: over.statusCode, code: over.json().code, due: over.json().amountDueCents }).toEqual({
      status: 422,
      code: 'PAYMENT_EXCEEDS_AMOUNT_DUE',
      due: totalGrossCents,
    });
    const race = await Promise.all(
      Array.from({ length: 10 }, (_, i) => markPaid(invoiceId, { amountCents: totalGrossCents, reference: `VIR-RACE-${i}`, receivedOn: '2026-11-20' })),
    );
    expect(race.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(new Set(race.filter((r) => r.statusCode !== 200).map((r) => r.json().code))).toEqual(new Set(['INVOICE_ALREADY_PAID']));
    expect(await state(invoiceId)).toMatchObject({ status: 'paid', paid: totalGrossCents, journals: 1 });
  });

  it('has PostgreSQL refuse a double or excess payment written past the service', async () => {
    const { invoiceId, totalGrossCents } = await invoice();
    const insert = (reference: string, cents: number) =>
      api.dataSource.query(
        `INSERT INTO invoice_payments (invoice_id, source, reference, amount_cents, received_on, received_at, recorded_by)
         VALUES ($1, 'bank_transfer', $2, $3, '2026-11-20', now(), $4)`,
        [invoiceId, reference, cents, admin.user.id],
      );
    await insert('SQL-1', 100);
    await expect(insert('SQL-1', 100)).rejects.toThrow(/invoice_payments_reference_key/);
    await expect(insert('SQL-2', totalGrossCents)).rejects.toThrow(/amount_paid_cents|check constraint/);
    await expect(api.dataSource.query('DELETE FROM invoice_payments WHERE invoice_id = $1', [invoiceId])).rejects.toThrow(/append-only/);
    expect(await state(invoiceId)).toMatchObject({ status: 'partially_paid', paid: 100 });
  });

  it('without Stripe, a paid invoice owes each structure its share by bank transfer, and nothing for the fee', async () => {
    const { invoiceId, totalGrossCents, structureIds, shares } = await invoice(2);
    await markPaid(invoiceId, { amountCents: totalGrossCents, reference: 'VIR-FULL', receivedOn: '2026-11-20' });
    const lines = await api.dataSource.query(
      'SELECT structure_id, amount_cents::int AS amount, status, pending_reason FROM payout_lines WHERE invoice_id = $1 ORDER BY amount_cents',
      [invoiceId],
    );
    expect(lines).toEqual(
      structureIds.map((id) => ({ structure_id: id, amount: shares.get(id), status: 'pending', pending_reason: 'bank_transfer' })),
    );
    expect(lines.reduce((sum: number, l: { amount: number }) => sum + l.amount, 0)).toBeLessThan(totalGrossCents);
    await expect(
      api.dataSource.query('INSERT INTO payout_lines (invoice_id, structure_id, amount_cents, pending_reason) VALUES ($1, $2, 1, $3)', [
        invoiceId,
        structureIds[0],
        'bank_transfer',
      ]),
    ).rejects.toThrow(/payout_lines_invoice_structure_key|payout line of/);
  });

  it('answers 400 for bad input, 404 for an unknown invoice, 403 to a funder, and changes nothing', async () => {
    const { invoiceId } = await invoice();
    for (const payload of [
      { amountCents: 0, reference: 'X', receivedOn: '2026-11-20' },
      { amountCents: 1.5, reference: 'X', receivedOn: '2026-11-20' },
      { amountCents: 100, reference: '  ', receivedOn: '2026-11-20' },
      { amountCents: 100, reference: 'X', receivedOn: '2026-02-30' },
      { amountCents: 100, reference: 'X', receivedOn: '2999-01-01' },
      { amountCents: 100, reference: 'X' },
    ]) {
      const response = await markPaid(invoiceId, payload);
      expect({ payload, status: response.statusCode }).toEqual({ payload, status: 400 });
    }
    const missing = await markPaid('00000000-0000-4000-8000-000000000000', { amountCents: 100, reference: 'X', receivedOn: '2026-11-20' });
    expect({ status: missing.statusCode, code: missing.json().code }).toEqual({ status: 404, code: 'INVOICE_NOT_FOUND' });
    const malformed = await markPaid('not-a-uuid', { amountCents: 100, reference: 'X', receivedOn: '2026-11-20' });
    expect({ status: malformed.statusCode, code: malformed.json().code }).toEqual({ status: 400, code: 'INVALID_ID' });
    const oneInvoice = await api.app.inject({ method: 'GET', url: '/invoices/not-a-uuid', headers: admin.headers });
    expect({ status: oneInvoice.statusCode, code: oneInvoice.json().code }).toEqual({ status: 400, code: 'INVALID_ID' });
    const funder = await api.loginAs('funder');
    expect((await markPaid(invoiceId, { amountCents: 100, reference: 'X', receivedOn: '2026-11-20' }, funder.headers)).statusCode).toBe(403);
    expect(await state(invoiceId)).toMatchObject({ status: 'issued', paid: 0, payments: [] });
  });
});
