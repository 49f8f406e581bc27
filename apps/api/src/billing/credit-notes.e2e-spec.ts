import { Ledger, paymentReceived } from '@passerelle/billing';
import { TransactionRunner } from '@passerelle/database';
import {
  DEBOURS_WORDING,
  en16931Violations,
  flat,
  pdfText,
  readCii,
  startInvoicedFunder,
  type InvoicedFunder,
  type LoggedIn,
} from '@passerelle/testing';

type Fixture = InvoicedFunder & { invoicedTwice(count: [number, number]): Promise<{ invoiceId: string; number: string }> };

/** Two structures' vouchers of one procedure, fee 3.33 %. */
async function fixture(overrides: Record<string, string> = {}): Promise<Fixture> {
  const world = await startInvoicedFunder({ INVOICE_BANK_IBAN: 'FR7630006000011234567890189', ...overrides });
  return {
    ...world,
    invoicedTwice: ([first, second]) =>
      world.invoiced(333, [
        { structure: 0, count: first },
        { structure: 1, count: second },
      ]),
  };
}

describe('credit notes (avoirs)', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(() => f.api.close());

  const credit = (invoiceId: string, who: LoggedIn, body: unknown = { reason: 'Pass contestés par le financeur' }) =>
    f.api.app.inject({ method: 'POST', url: `/admin/invoices/${invoiceId}/credit-notes`, headers: who.headers, payload: body as object });
  const get = (url: string, who: LoggedIn) => f.api.app.inject({ method: 'GET', url, headers: who.headers });
  const journalOf = (eventKey: string) =>
    f.api.dataSource.query(
      `SELECT e.account, e.party_id, e.amount_cents::int AS amount FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.event_key = $1 ORDER BY e.account, e.party_id`,
      [eventKey],
    );

  it('cancels an invoice by a numbered credit note of its whole amount, with its journal, audit entry, PDF and XML', async () => {
    // 6 + 4 vouchers = 100,00 €; fee 3.33 % = 3,33 €; VAT 20 % = 0,67 € (0,666 rounded): 104,00 €.
    const invoice = await f.invoicedTwice([6, 4]);
    const response = await credit(invoice.invoiceId, f.admin);
    expect(response.statusCode).toBe(201);
    const note = response.json();
    expect(note).toEqual({
      creditNoteId: expect.any(String),
      number: expect.stringMatching(/^PAS-2026-[0-9]{6}$/),
      correctsInvoiceId: invoice.invoiceId,
      totalNetCents: 10_333,
      totalVatCents: 67,
      totalGrossCents: 10_400,
      refundDueCents: 0,
      invoiceStatus: 'credited',
      rebilled: false,
      vouchers: [
        { position: 1, voucherIds: expect.arrayContaining([expect.any(String)]) },
        { position: 2, voucherIds: expect.arrayContaining([expect.any(String)]) },
      ],
    });
    expect(note.vouchers.map((v: { voucherIds: string[] }) => v.voucherIds.length)).toEqual([6, 4]);
    expect(Number(note.number.slice(-6))).toBe(Number(invoice.number.slice(-6)) + 1);

    // The invoice is credited; both appear in the funder's list, the credit note pointing at the invoice.
    expect((await get(`/invoices/${invoice.invoiceId}`, f.funder)).json().status).toBe('credited');
    const listed = (await get('/invoices', f.funder)).json() as { id: string; typeCode: number; correctsInvoiceId: string | null }[];
    expect(listed.find((i) => i.id === note.creditNoteId)).toMatchObject({ typeCode: 381, correctsInvoiceId: invoice.invoiceId });
    expect(listed.find((i) => i.id === invoice.invoiceId)).toMatchObject({ typeCode: 380, correctsInvoiceId: null });

    // Ledger: the receivable, the fee, its VAT and the structures' shares reversed; the funder owes nothing.
    const funderId = f.funder.user.organisationId!;
    expect(await journalOf(`credit-note:${note.creditNoteId}`)).toEqual(
      [
        { account: 'funder_receivable', party_id: funderId, amount: -10_400 },
        { account: 'platform_revenue', party_id: null, amount: 333 },
        { account: 'structure_payable', party_id: f.structures[0], amount: 6_000 },
        { account: 'structure_payable', party_id: f.structures[1], amount: 4_000 },
        { account: 'vat_collected', party_id: null, amount: 67 },
      ].sort((a, b) => a.account.localeCompare(b.account) || String(a.party_id).localeCompare(String(b.party_id))),
    );
    const [{ receivable }] = await f.api.dataSource.query(
      `SELECT sum(e.amount_cents)::int AS receivable FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
        WHERE e.account = 'funder_receivable' AND j.event_key IN ($1, $2)`,
      [`invoice:${invoice.invoiceId}`, `credit-note:${note.creditNoteId}`],
    );
    expect(receivable).toBe(0);
    const audit = await f.api.dataSource.query("SELECT actor_user_id, details FROM audit_log WHERE action = 'invoice.credited' AND object_id = $1", [
      invoice.invoiceId,
    ]);
    await expect(f.api.dataSource.query("UPDATE invoices SET credit_reason = 'autre' WHERE id = $1", [note.creditNoteId])).rejects.toThrow(/cannot be rewritten/);
    expect(audit).toEqual([{ actor_user_id: f.admin.user.id, details: { creditNoteId: note.creditNoteId, number: note.number, reason: 'Pass contestés par le financeur' } }]);

    const pdf = await get(`/invoices/${note.creditNoteId}/pdf`, f.funder);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const mention of [
      `AVOIR n° ${note.number}`,
      `Avoir portant sur la facture n° ${invoice.number} du 01/10/2026`,
      'Motif : Pass contestés par le financeur',
      'Total TTC de l’avoir 104,00 €',
      'TVA 20 % sur 3,33 € HT : 0,67 €',
    ]) {
      expect(text).toContain(flat(mention));
    }
    expect(text).not.toContain('IBAN');

    const cii = readCii((await get(`/invoices/${note.creditNoteId}/cii.xml`, f.funder)).body);
    expect(cii).toMatchObject({
      number: note.number,
      typeCode: '381',
      precedingInvoice: { number: invoice.number, date: '20261001' },
      paymentMeans: null,
      totals: { lineCents: 10_333, taxCents: 67, grandCents: 10_400, duePayableCents: 10_400 },
    });
    expect(cii.notes[0]).toEqual({ content: 'Avoir : Pass contestés par le financeur', subject: null });
    expect(cii.breakdown.map((b) => [b.category, b.code])).toEqual([
      ['E', 'VATEX-EU-79-C'],
      ['S', null],
    ]);
    expect(en16931Violations(cii)).toEqual([]);
  });

  it('refuses a second credit note, crediting a credit note, bad input and other roles, changing nothing', async () => {
    const invoice = await f.invoicedTwice([1, 1]);
    const first = await credit(invoice.invoiceId, f.admin);
    expect(first.statusCode).toBe(201);
    const counter = async () => (await f.api.dataSource.query('SELECT last_number FROM invoice_number_counters WHERE year = 2026'))[0].last_number;
    const before = await counter();
    const attempts: [string, LoggedIn, unknown, number, string][] = [
      [invoice.invoiceId, f.admin, { reason: 'encore' }, 409, 'INVOICE_ALREADY_CREDITED'],
      [first.json().creditNoteId, f.admin, { reason: 'avoir d’avoir' }, 409, 'CREDIT_NOTE_NOT_CREDITABLE'],
      [invoice.invoiceId, f.admin, { reason: '' }, 400, 'VALIDATION_FAILED'],
      [invoice.invoiceId, f.admin, {}, 400, 'VALIDATION_FAILED'],
      ['00000000-0000-4000-8000-000000000000', f.admin, { reason: 'x' }, 404, 'INVOICE_NOT_FOUND'],
      ['not-a-uuid', f.admin, { reason: 'x' }, 400, 'INVALID_ID'],
    ];
    for (const [id, who, body, status, code] of attempts) {
      const response = await credit(id, who, body);
      expect({ id, status: response.statusCode, code: response.json().code }).toEqual({ id, status, code });
    }
    expect((await credit(invoice.invoiceId, f.funder)).statusCode).toBe(403);
    expect(await counter()).toBe(before);
    const [{ n }] = await f.api.dataSource.query('SELECT count(*)::int AS n FROM invoices WHERE corrects_invoice_id = $1', [invoice.invoiceId]);
    expect(n).toBe(1);
  });

  it('credits a paid invoice: what was paid becomes a refund due to the funder', async () => {
    const invoice = await f.invoicedTwice([2, 1]);
    const [{ gross }] = await f.api.dataSource.query('SELECT total_gross_cents::int AS gross FROM invoices WHERE id = $1', [invoice.invoiceId]);
    const funderId = f.funder.user.organisationId!;
    const ledger = f.api.app.get(Ledger);
    const receivableBefore = (await ledger.funderBalance(funderId)).receivableCents;
    // The payment as the admin's bank-transfer record books it: invoice paid, cash in, receivable down.
    await f.api.app.get(TransactionRunner).run(async (tx) => {
      await tx.query("UPDATE invoices SET status = 'paid', amount_paid_cents = total_gross_cents, paid_at = now() WHERE id = $1", [invoice.invoiceId]);
      await ledger.post(tx, paymentReceived({ paymentKey: `test:${invoice.invoiceId}`, funderId, amountCents: gross, via: 'bank', occurredAt: new Date() }));
    });
    const response = await credit(invoice.invoiceId, f.admin);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ totalGrossCents: gross, refundDueCents: gross });
    // Invoice − payment − credit note: the funder is owed back what it paid.
    expect((await ledger.funderBalance(funderId)).receivableCents).toBe(receivableBefore - 2 * gross);
    expect((await f.api.dataSource.query('SELECT status FROM invoices WHERE id = $1', [invoice.invoiceId]))[0].status).toBe('credited');
  });

  it('issues exactly one credit note when 20 requests race on one invoice, numbers staying gapless', async () => {
    const invoice = await f.invoicedTwice([3, 2]);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => credit(invoice.invoiceId, f.admin, { reason: `demande ${i}` })));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'INVOICE_ALREADY_CREDITED')).toBe(true);
    const notes = await f.api.dataSource.query('SELECT number FROM invoices WHERE corrects_invoice_id = $1', [invoice.invoiceId]);
    expect(notes).toHaveLength(1);
    const numbers: { number: string }[] = await f.api.dataSource.query("SELECT number FROM invoices WHERE number LIKE 'PAS-2026-%' ORDER BY number");
    expect(numbers.map((r) => Number(r.number.slice(-6)))).toEqual(numbers.map((_, i) => i + 1));
    const [{ last_number }] = await f.api.dataSource.query('SELECT last_number FROM invoice_number_counters WHERE year = 2026');
    expect(last_number).toBe(numbers.length);
    const [{ journals }] = await f.api.dataSource.query("SELECT count(*)::int AS journals FROM ledger_journals WHERE kind = 'credit_note_issued' AND event_key = $1", [
      `credit-note:${(await f.api.dataSource.query('SELECT id FROM invoices WHERE corrects_invoice_id = $1', [invoice.invoiceId]))[0].id}`,
    ]);
    expect(journals).toBe(1);
  });
});

describe('credit notes and documents with a VAT-exempt operator fee', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await fixture({ INVOICE_FEE_VAT_EXEMPTION: 'TVA non applicable, art. 293 B du CGI' });
  });
  afterAll(() => f.api.close());

  it('gives the débours and the exempt fee one E row with both wordings, conformant on the invoice and its credit note', async () => {
    const invoice = await f.invoicedTwice([7, 5]);
    const get = (url: string) => f.api.app.inject({ method: 'GET', url, headers: f.funder.headers });
    const text = pdfText((await get(`/invoices/${invoice.invoiceId}/pdf`)).rawPayload);
    // 120,00 € of vouchers, fee 3.33 % = 4,00 € (399.6 rounded), no VAT.
    for (const mention of [
      `Sans TVA sur 124,00 € : ${DEBOURS_WORDING} ; TVA non applicable, art. 293 B du CGI`,
      "Frais d'opérateur (3,33 % de la valeur faciale) 1 4,00 € Exonéré 4,00 €",
      '7 10,00 € Débours 70,00 €',
      'Total TVA 0,00 €',
      'Total TTC 124,00 €',
    ]) {
      expect(text).toContain(flat(mention));
    }
    const invoiceCii = readCii((await get(`/invoices/${invoice.invoiceId}/cii.xml`)).body);
    expect(invoiceCii.breakdown).toEqual([
      { basisCents: 12_400, vatCents: 0, category: 'E', rateBp: 0, reason: `${DEBOURS_WORDING} ; TVA non applicable, art. 293 B du CGI`, code: null },
    ]);
    expect(invoiceCii.lines.map((l) => [l.category, l.rateBp, l.netCents])).toEqual([
      ['E', 0, 7_000],
      ['E', 0, 5_000],
      ['E', 0, 400],
    ]);
    expect(invoiceCii.totals).toMatchObject({ lineCents: 12_400, taxCents: 0, grandCents: 12_400 });
    expect(en16931Violations(invoiceCii)).toEqual([]);

    const note = (
      await f.api.app.inject({ method: 'POST', url: `/admin/invoices/${invoice.invoiceId}/credit-notes`, headers: f.admin.headers, payload: { reason: 'Erreur de période' } })
    ).json();
    const noteCii = readCii((await get(`/invoices/${note.creditNoteId}/cii.xml`)).body);
    expect(noteCii).toMatchObject({ typeCode: '381', precedingInvoice: { number: invoice.number }, totals: invoiceCii.totals, breakdown: invoiceCii.breakdown });
    expect(en16931Violations(noteCii)).toEqual([]);
    // Its journal has no VAT to give back.
    const accounts = await f.api.dataSource.query(
      'SELECT e.account FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id WHERE j.event_key = $1 ORDER BY e.account',
      [`credit-note:${note.creditNoteId}`],
    );
    expect(accounts.map((a: { account: string }) => a.account)).toEqual(['funder_receivable', 'platform_revenue', 'structure_payable', 'structure_payable']);
  });
});
