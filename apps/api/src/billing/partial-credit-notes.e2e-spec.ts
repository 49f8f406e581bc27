import { InvoicingRunService, ReconciliationService } from '@passerelle/billing';
import { en16931Violations, flat, pdfText, readCii, startInvoicedFunder, type InvoicedFunder } from '@passerelle/testing';

interface Note {
  creditNoteId: string;
  number: string;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  refundDueCents: number;
  invoiceStatus: string;
  rebilled: boolean;
  vouchers: { position: number; voucherIds: string[] }[];
}

describe('partial credit notes and re-billing', () => {
  let f: InvoicedFunder;

  beforeAll(async () => {
    f = await startInvoicedFunder({ INVOICE_BANK_IBAN: 'FR7630006000011234567890189' });
  });
  afterAll(() => f.api.close());

  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => f.api.dataSource.query(sql, params);
  /** Line 1: structure 0, line 2: structure 1, 10,00 € each, then the fee at 3.33 % (VAT 20 %). */
  const invoiced = (first: number, second: number) =>
    f.invoiced(333, [
      { structure: 0, count: first },
      { structure: 1, count: second },
    ]);
  const credit = (invoiceId: string, body: object) =>
    f.api.app.inject({ method: 'POST', url: `/admin/invoices/${invoiceId}/credit-notes`, headers: f.admin.headers, payload: body });
  const get = (url: string) => f.api.app.inject({ method: 'GET', url, headers: f.funder.headers });
  const invoiceRow = async (id: string) =>
    (await q<{ status: string; credited: number; gross: number; paid: number }>(
      'SELECT status, credited_gross_cents::int AS credited, total_gross_cents::int AS gross, amount_paid_cents::int AS paid FROM invoices WHERE id = $1',
      [id],
    ))[0]!;
  const credited = (invoiceId: string) =>
    q<{ position: number; quantity: number; net: number }>(
      `SELECT l.corrects_position AS position, sum(l.quantity)::int AS quantity, sum(l.net_cents)::int AS net
         FROM invoice_lines l JOIN invoices c ON c.id = l.invoice_id WHERE c.corrects_invoice_id = $1 GROUP BY 1 ORDER BY 1`,
      [invoiceId],
    );
  const differences = async () => (await f.api.app.get(ReconciliationService).reconcile('system')).differences;
  const unbalancedJournals = async () =>
    (await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT journal_id FROM ledger_entries GROUP BY journal_id HAVING sum(amount_cents) <> 0) u`))[0]!.n;
  const gaplessNumbers = async () => {
    const numbers = await q<{ number: string }>("SELECT number FROM invoices WHERE number LIKE 'PAS-2026-%' ORDER BY number");
    const [{ last_number }] = await q<{ last_number: number }>('SELECT last_number FROM invoice_number_counters WHERE year = 2026');
    return numbers.map((r) => Number(r.number.slice(-6))).every((n, i) => n === i + 1) && last_number === numbers.length;
  };

  it('credits a quantity, then named vouchers, then the remainder: fee and VAT in proportion, adding up to the invoice exactly', async () => {
    // 6 + 4 vouchers = 100,00 €; fee 3,33 €; VAT 0,67 €: 104,00 €.
    const invoice = await invoiced(6, 4);
    const first = await credit(invoice.invoiceId, { reason: 'Pass utilisés par erreur', lines: [{ position: 2, quantity: 2 }] });
    expect(first.statusCode).toBe(201);
    // 20,00 € of vouchers; fee 333 × 2/10 = 66.6 → 68 cents so that the VAT credited adds up to the invoice's (see credit-note-lines.ts).
    expect(first.json()).toMatchObject({ totalNetCents: 2_068, totalVatCents: 14, totalGrossCents: 2_082, refundDueCents: 0, invoiceStatus: 'issued', rebilled: false });
    expect(first.json().vouchers).toEqual([{ position: 2, voucherIds: [expect.any(String), expect.any(String)] }]);

    const [named] = await q<{ id: string }>(
      `SELECT v.id FROM vouchers v JOIN voucher_redemptions r ON r.voucher_id = v.id WHERE v.invoice_id = $1 AND r.structure_id = $2 LIMIT 1`,
      [invoice.invoiceId, f.structures[0]],
    );
    const second = await credit(invoice.invoiceId, { reason: 'Pass contesté', lines: [{ position: 1, voucherIds: [named!.id] }] });
    expect(second.statusCode).toBe(201);
    expect(second.json().vouchers).toEqual([{ position: 1, voucherIds: [named!.id] }]);
    expect((await get(`/invoices/${invoice.invoiceId}`)).json()).toMatchObject({
      status: 'issued',
      totalGrossCents: 10_400,
      creditedGrossCents: 2_082 + second.json().totalGrossCents,
    });
    expect(await credited(invoice.invoiceId)).toEqual([
      { position: 1, quantity: 1, net: 1_000 },
      { position: 2, quantity: 2, net: 2_000 },
      { position: 3, quantity: 2, net: second.json().totalNetCents - 1_000 + 68 },
    ]);

    // The PDF and the XML of a partial credit note show the lines credited, not the invoice's.
    const note: Note = first.json();
    const text = pdfText((await get(`/invoices/${note.creditNoteId}/pdf`)).rawPayload);
    expect(text).toContain(flat('Motif : Pass utilisés par erreur'));
    expect(text).toContain(flat('Total TTC de l’avoir 20,82 €'));
    const cii = readCii((await get(`/invoices/${note.creditNoteId}/cii.xml`)).body);
    expect(cii).toMatchObject({ typeCode: '381', precedingInvoice: { number: invoice.number }, totals: { lineCents: 2_068, taxCents: 14, grandCents: 2_082 } });
    expect(cii.lines.map((l) => l.netCents)).toEqual([2_000, 68]);
    expect(en16931Violations(cii)).toEqual([]);

    // A full credit note after partials credits only what is left; the invoice is then credited, exactly.
    const rest = await credit(invoice.invoiceId, { reason: 'Annulation du reste' });
    expect(rest.statusCode).toBe(201);
    const all = [first.json(), second.json(), rest.json()] as Note[];
    expect(all.reduce((sum, n) => sum + n.totalGrossCents, 0)).toBe(10_400);
    expect(all.reduce((sum, n) => sum + n.totalVatCents, 0)).toBe(67);
    expect(rest.json()).toMatchObject({ invoiceStatus: 'credited' });
    expect(rest.json().vouchers.flatMap((v: Note['vouchers'][number]) => v.voucherIds)).toHaveLength(7);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: 'credited', credited: 10_400 });
    expect((await credit(invoice.invoiceId, { reason: 'encore', lines: [{ position: 1, quantity: 1 }] })).json().code).toBe('INVOICE_ALREADY_CREDITED');

    const [{ receivable }] = await q<{ receivable: number }>(
      `SELECT sum(e.amount_cents)::int AS receivable FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
        WHERE e.account = 'funder_receivable' AND j.event_key = ANY($1)`,
      [[`invoice:${invoice.invoiceId}`, ...all.map((n) => `credit-note:${n.creditNoteId}`)]],
    );
    expect(receivable).toBe(0);
    expect(await unbalancedJournals()).toBe(0);
    expect(await gaplessNumbers()).toBe(true);
    expect(await differences()).toEqual([]);
  });

  it('never credits more than the invoice when 20 partial credit notes race on it, numbers staying gapless', async () => {
    const invoice = await invoiced(12, 3);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => credit(invoice.invoiceId, { reason: `Pass ${i} contesté`, lines: [{ position: 1, quantity: 1 }] })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(12).fill(201), ...Array(8).fill(409)]);
    expect(new Set(responses.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['CREDIT_NOTE_EXCEEDS_INVOICE']));
    const voucherIds = responses.filter((r) => r.statusCode === 201).flatMap((r) => (r.json() as Note).vouchers[0]!.voucherIds);
    expect(new Set(voucherIds).size).toBe(12);
    const lines = await credited(invoice.invoiceId);
    expect(lines[0]).toEqual({ position: 1, quantity: 12, net: 12_000 });
    const row = await invoiceRow(invoice.invoiceId);
    expect(row.credited).toBeLessThanOrEqual(row.gross);
    expect(row.status).toBe('issued');

    // The database refuses it too, whatever the code: one more voucher of line 1, or a total beyond the invoice.
    const [note] = await q<{ id: string }>('SELECT id FROM invoices WHERE corrects_invoice_id = $1 LIMIT 1', [invoice.invoiceId]);
    await expect(
      q(
        `INSERT INTO invoice_lines (invoice_id, position, description, structure_id, procedure_code, quantity, unit_price_cents, net_cents, vat_category, vat_rate_bp, corrects_position)
         SELECT $1, 9, description, structure_id, procedure_code, 1, unit_price_cents, unit_price_cents, vat_category, vat_rate_bp, 1
           FROM invoice_lines WHERE invoice_id = $2 AND position = 1`,
        [note!.id, invoice.invoiceId],
      ),
    ).rejects.toThrow(/credited beyond its amount/);
    await expect(q('UPDATE invoices SET credited_gross_cents = total_gross_cents + 1 WHERE id = $1', [invoice.invoiceId])).rejects.toThrow(
      /invoices_credited_within_total/,
    );

    const rest = await credit(invoice.invoiceId, { reason: 'Le reste' });
    expect(rest.json()).toMatchObject({ invoiceStatus: 'credited' });
    expect((await invoiceRow(invoice.invoiceId)).credited).toBe(row.gross);
    expect(await gaplessNumbers()).toBe(true);
    expect(await unbalancedJournals()).toBe(0);
    expect(await differences()).toEqual([]);
  });

  it('refuses bad input with stable codes, changing nothing', async () => {
    const invoice = await invoiced(2, 2);
    const [other] = await q<{ id: string }>('SELECT id FROM vouchers WHERE invoice_id IS DISTINCT FROM $1 LIMIT 1', [invoice.invoiceId]);
    const counter = async () => (await q<{ n: number }>('SELECT last_number AS n FROM invoice_number_counters WHERE year = 2026'))[0]!.n;
    const before = await counter();
    const attempts: [object, number, string][] = [
      [{ reason: 'x', lines: [{ position: 1, quantity: 3 }] }, 409, 'CREDIT_NOTE_EXCEEDS_INVOICE'],
      [{ reason: 'x', lines: [{ position: 7, quantity: 1 }] }, 422, 'CREDIT_NOTE_LINE_INVALID'],
      [{ reason: 'x', lines: [{ position: 3, quantity: 1 }] }, 422, 'CREDIT_NOTE_LINE_INVALID'],
      [{ reason: 'x', lines: [{ position: 1 }, { position: 1 }] }, 422, 'CREDIT_NOTE_LINE_INVALID'],
      [{ reason: 'x', lines: [{ position: 1, voucherIds: [other!.id] }] }, 422, 'CREDIT_NOTE_VOUCHER_INVALID'],
      [{ reason: 'x', lines: [{ position: 1, quantity: -1 }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: 1, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: '1', quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: 1, quantity: 1.5 }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: 1, voucherIds: ['nope'] }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: 1, voucherIds: [] }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [1] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: {} }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', rebill: 'yes' }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', lines: [{ position: 1, quantity: 1, extra: true }] }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of attempts) {
      const response = await credit(invoice.invoiceId, body);
      expect({ body, status: response.statusCode, code: response.json().code }).toEqual({ body, status, code });
    }
    expect(await counter()).toBe(before);
    expect(await credited(invoice.invoiceId)).toEqual([]);
    expect(await invoiceRow(invoice.invoiceId)).toMatchObject({ status: 'issued', credited: 0 });
  });

  it('deducts credit notes from what is due: a paid invoice shows the refund due, a partly paid one may become paid', async () => {
    const markPaid = (invoiceId: string, amountCents: number, reference: string) =>
      f.api.app.inject({
        method: 'POST',
        url: `/admin/invoices/${invoiceId}/mark-paid`,
        headers: f.admin.headers,
        payload: { amountCents, reference, receivedOn: '2026-10-20' },
      });
    // Paid in full, then 3 of its 10 vouchers credited: the credit note's whole amount is owed back.
    const paid = await invoiced(5, 5);
    expect((await markPaid(paid.invoiceId, 10_400, 'VIR-PAID')).json()).toMatchObject({ status: 'paid' });
    // Its payouts are planned: re-billing its vouchers would pay the structures for them twice.
    const rebill = await credit(paid.invoiceId, { reason: 'Refacturer', lines: [{ position: 1, quantity: 1 }], rebill: true });
    expect({ status: rebill.statusCode, code: rebill.json().code }).toEqual({ status: 409, code: 'CREDIT_NOTE_REBILL_AFTER_PAYOUT' });
    expect(await invoiceRow(paid.invoiceId)).toMatchObject({ status: 'paid', credited: 0 });
    const refund = (await credit(paid.invoiceId, { reason: 'Trop facturé', lines: [{ position: 1, quantity: 3 }] })).json() as Note;
    expect(refund).toMatchObject({ invoiceStatus: 'paid', refundDueCents: refund.totalGrossCents });

    // 60,00 € paid of 104,00 €; crediting 5 vouchers (≈ 52 €) leaves less than was paid: paid, the excess owed back, payouts planned.
    const partly = await invoiced(5, 5);
    expect((await markPaid(partly.invoiceId, 6_000, 'VIR-PART')).json()).toMatchObject({ status: 'partially_paid', amountDueCents: 4_400 });
    const note = (await credit(partly.invoiceId, { reason: 'Erreur de structure', lines: [{ position: 2 }] })).json() as Note;
    expect(note.invoiceStatus).toBe('paid');
    expect(note.refundDueCents).toBe(6_000 - (10_400 - note.totalGrossCents));
    expect(await q('SELECT structure_id, amount_cents::int AS amount FROM payout_lines WHERE invoice_id = $1', [partly.invoiceId])).toEqual([
      { structure_id: f.structures[0], amount: 5_000 },
    ]);

    // Before any payment, the funder owes the invoice less its credit notes, and cannot pay more.
    const unpaid = await invoiced(5, 5);
    const small = (await credit(unpaid.invoiceId, { reason: 'Un pass', lines: [{ position: 1, quantity: 1 }] })).json() as Note;
    const over = await markPaid(unpaid.invoiceId, 10_400, 'VIR-OVER');
    expect(over.json()).toMatchObject({ code: 'PAYMENT_EXCEEDS_AMOUNT_DUE' });
    expect((await markPaid(unpaid.invoiceId, 10_400 - small.totalGrossCents, 'VIR-REST')).json()).toMatchObject({ status: 'paid', amountDueCents: 0 });
    expect(await q('SELECT amount_cents::int AS amount FROM payout_lines WHERE invoice_id = $1 ORDER BY structure_id', [unpaid.invoiceId])).toEqual([
      { amount: 4_000 },
      { amount: 5_000 },
    ]);
    expect(await differences()).toEqual([]);
  });

  it('re-bills credited vouchers: back to redeemed without invoice, billed by the next run, the ledger staying consistent', async () => {
    const invoice = await invoiced(4, 2);
    const response = await credit(invoice.invoiceId, { reason: "Mauvaises coordonnées de l'acheteur", lines: [{ position: 1, quantity: 2 }], rebill: true });
    expect(response.statusCode).toBe(201);
    const note = response.json() as Note;
    expect(note.rebilled).toBe(true);
    const released = note.vouchers[0]!.voucherIds;
    expect(await q('SELECT status, invoice_id FROM vouchers WHERE id = ANY($1) ORDER BY id', [released])).toEqual([
      { status: 'redeemed', invoice_id: null },
      { status: 'redeemed', invoice_id: null },
    ]);
    // The credit note gives the face value back to funder_unbilled (the structure is still owed it), not to the structure.
    const entries = await q<{ account: string; amount: number }>(
      `SELECT e.account, e.amount_cents::int AS amount FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
        WHERE j.event_key = $1 ORDER BY e.account`,
      [`credit-note:${note.creditNoteId}`],
    );
    expect(entries.filter((e) => e.account === 'funder_unbilled' || e.account === 'structure_payable')).toEqual([{ account: 'funder_unbilled', amount: 2_000 }]);
    // Their redemptions' accruals stay: the structure is still owed the face value, the funder will be billed it again.
    expect(
      await q(
        `SELECT count(*)::int AS n FROM ledger_journals j JOIN voucher_redemptions r ON j.event_key = 'redemption:' || r.id
          WHERE r.voucher_id = ANY($1) AND j.kind = 'redemption_accrued'`,
        [released],
      ),
    ).toEqual([{ n: 2 }]);
    expect(await differences()).toEqual([]);

    // The September invoice is not reopened: the next run (October) bills the released vouchers.
    const summary = await f.api.app.get(InvoicingRunService).run('system', '2026-10', new Date('2026-11-01T06:00:00+01:00'));
    const next = summary.created.find((c) => c.programId === invoice.programId)!;
    expect(next).toMatchObject({ totalGrossCents: 2_000 + 67 + 13 });
    expect(await q('SELECT DISTINCT invoice_id, status FROM vouchers WHERE id = ANY($1)', [released])).toEqual([{ invoice_id: next.invoiceId, status: 'invoiced' }]);
    expect(await differences()).toEqual([]);

    // Without rebill the credited vouchers stay invoiced on the corrected invoice (cancelled billing).
    const goodwill = (await credit(invoice.invoiceId, { reason: 'Geste commercial', lines: [{ position: 2, quantity: 1 }] })).json() as Note;
    expect(await q('SELECT status, invoice_id FROM vouchers WHERE id = ANY($1)', [goodwill.vouchers[0]!.voucherIds])).toEqual([
      { status: 'invoiced', invoice_id: invoice.invoiceId },
    ]);
    expect(await differences()).toEqual([]);

    // Each structure's statement deducts the credited lines under the invoice they correct: its pending total is its ledger balance.
    for (const structureId of f.structures) {
      const statement = (await f.api.app.inject({ method: 'GET', url: `/structures/${structureId}/statements`, headers: f.admin.headers })).json();
      expect(statement.totals.pendingCents).toBe(statement.ledgerBalanceCents);
      const corrected = statement.invoices.find((i: { invoiceId: string }) => i.invoiceId === invoice.invoiceId);
      expect(corrected.lines.some((l: { netCents: number }) => l.netCents < 0)).toBe(true);
    }
  });
});
