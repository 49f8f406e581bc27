import { randomUUID } from 'node:crypto';
import { TransactionRunner } from '@passerelle/database';
import { createFunder, createProgramWithVouchers, createUser, startTestApi, type TestApi } from '@passerelle/testing';
import { InvoiceIssuer } from './invoice-issuer.service';
import type { InvoiceDraft } from './invoice.types';

describe('invoice issue and numbering', () => {
  let api: TestApi;
  let issuer: InvoiceIssuer;
  let transactions: TransactionRunner;
  let funderId: string;
  let staffId: string;

  beforeAll(async () => {
    api = await startTestApi();
    issuer = api.app.get(InvoiceIssuer);
    transactions = api.app.get(TransactionRunner);
    funderId = (await createFunder(api.dataSource)).id;
    staffId = (await createUser(api.dataSource, { role: 'funder', organisationId: funderId })).id;
  });
  afterAll(() => api.close());

  /** A real program of the funder (an invoice's program is a foreign key, with its funder). */
  const newProgram = async () =>
    (await createProgramWithVouchers(api.dataSource, { funderId, createdBy: staffId, validFrom: '2025-01-01', validUntil: '2030-12-31', count: 1 })).programId;

  /** Each invoice gets its own program unless told: one invoice per funder, program and period. */
  const draft = (programId: string, overrides: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
    typeCode: 380,
    funderId,
    programId,
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    issueDate: '2026-11-02',
    dueDate: '2026-12-02',
    seller: { name: 'Passerelle SAS', address: '1 rue de la Paix, 75002 Paris', siren: '123456789', vatNumber: 'FR32123456789' },
    buyer: { name: 'Département de test', address: 'Hôtel du département', siret: '22750001700017' },
    buyerIsPublic: true,
    buyerServiceCode: 'SERVICE-NUMERIQUE',
    buyerCommitmentNumber: 'EJ-2026-0042',
    paymentTerms: 'Virement à 30 jours',
    latePenaltyTerms: 'Intérêts moratoires au taux BCE + 8 points ; indemnité forfaitaire de recouvrement de 40 €',
    lines: [
      { description: 'Pass — carte grise, EPN Roquette', quantity: 12, unitPriceCents: 2_500, vat: { category: 'O', exemptionReason: 'Hors champ de la TVA' } },
      { description: "Frais d'opérateur", quantity: 1, unitPriceCents: 3_000, vat: { category: 'S', rateBp: 2000 } },
    ],
    ...overrides,
  });
  const numbersOf = async (year: number) =>
    ((await api.dataSource.query("SELECT number FROM invoices WHERE number LIKE $1 ORDER BY number", [`PAS-${year}-%`])) as { number: string }[]).map(
      (row) => row.number,
    );

  it('stores the invoice with its lines, VAT breakdown and totals as computed', async () => {
    const programId = await newProgram();
    const issued = await transactions.run((tx) => issuer.issue(tx, draft(programId, { issueDate: '2025-06-30', dueDate: '2025-07-30' })));
    expect(issued).toMatchObject({ number: 'PAS-2025-000001', totalNetCents: 33_000, totalVatCents: 600, totalGrossCents: 33_600 });
    const [row] = await api.dataSource.query('SELECT * FROM invoices WHERE id = $1', [issued.id]);
    expect(row).toMatchObject({ status: 'issued', amount_paid_cents: '0', buyer_service_code: 'SERVICE-NUMERIQUE', recovery_indemnity_cents: '4000' });
    expect(row.buyer.siret).toBe('22750001700017');
    const breakdown = await api.dataSource.query(
      'SELECT vat_category, vat_rate_bp, taxable_cents::int, vat_cents::int, exemption_reason FROM invoice_vat_breakdown WHERE invoice_id = $1 ORDER BY vat_category',
      [issued.id],
    );
    expect(breakdown).toEqual([
      { vat_category: 'O', vat_rate_bp: 0, taxable_cents: 30_000, vat_cents: 0, exemption_reason: 'Hors champ de la TVA' },
      { vat_category: 'S', vat_rate_bp: 2000, taxable_cents: 3_000, vat_cents: 600, exemption_reason: null },
    ]);
  });

  it('gives gapless, duplicate-free numbers 1..N to the committed invoices of 40 racing transactions, 13 of them rolled back', async () => {
    const programs = await Promise.all(Array.from({ length: 40 }, newProgram));
    const outcomes = await Promise.allSettled(
      programs.map((programId, i) =>
        transactions.run(async (tx) => {
          const issued = await issuer.issue(tx, draft(programId, { issueDate: '2027-01-15', dueDate: '2027-02-14' }));
          if (i % 3 === 0) throw new Error(`deliberate rollback ${i}`);
          return issued.number;
        }),
      ),
    );
    const committed = outcomes.filter((o): o is PromiseFulfilledResult<string> => o.status === 'fulfilled').map((o) => o.value);
    expect(committed).toHaveLength(26);
    const expected = Array.from({ length: 26 }, (_, i) => `PAS-2027-${String(i + 1).padStart(6, '0')}`);
    expect(await numbersOf(2027)).toEqual(expected);
    expect([...committed].sort()).toEqual(expected);
    expect((await api.dataSource.query('SELECT last_number FROM invoice_number_counters WHERE year = 2027'))[0].last_number).toBe(26);
  });

  it('issues one invoice per funder, program and period: a second gives INVOICE_ALREADY_EXISTS and its number back', async () => {
    const programId = await newProgram();
    const first = await transactions.run((tx) => issuer.issue(tx, draft(programId, { issueDate: '2028-03-01', dueDate: '2028-03-31' })));
    // Even when the caller catches the error and commits, the counter bump was undone.
    await transactions.run(async (tx) => {
      await expect(issuer.issue(tx, draft(programId, { issueDate: '2028-03-01', dueDate: '2028-03-31' }))).rejects.toMatchObject({
        code: 'INVOICE_ALREADY_EXISTS',
      });
    });
    const other = await newProgram();
    const next = await transactions.run((tx) => issuer.issue(tx, draft(other, { issueDate: '2028-03-02', dueDate: '2028-04-01' })));
    expect([first.number, next.number]).toEqual(['PAS-2028-000001', 'PAS-2028-000002']);
  });

  it('issues a credit note referencing its invoice, in the same series', async () => {
    const programId = await newProgram();
    const invoice = await transactions.run((tx) => issuer.issue(tx, draft(programId, { issueDate: '2029-05-01', dueDate: '2029-05-31' })));
    const credit = await transactions.run((tx) =>
      issuer.issue(tx, {
        ...draft(programId, { issueDate: '2029-05-10', dueDate: '2029-05-10' }),
        typeCode: 381,
        correctsInvoiceId: invoice.id,
        creditReason: 'Pass compté deux fois',
        programId: undefined,
        // A credit note's line names the invoice line it credits (PostgreSQL keeps the credits within it).
        lines: [
          { description: 'Avoir — pass compté deux fois', quantity: 1, unitPriceCents: 2_500, vat: { category: 'O', exemptionReason: 'Hors champ de la TVA' }, correctsPosition: 1 },
        ],
      }),
    );
    expect(credit).toMatchObject({ number: 'PAS-2029-000002', typeCode: 381, totalGrossCents: 2_500 });
    await expect(
      transactions.run((tx) => issuer.issue(tx, { ...draft(programId, { issueDate: '2029-05-11', dueDate: '2029-05-11' }), typeCode: 381, creditReason: 'Sans facture' })),
    ).rejects.toThrow(/invoices_check|check constraint/);
  });

  it('refuses, by foreign key, an invoice for a program that does not exist or belongs to another funder', async () => {
    const otherFunder = (await createFunder(api.dataSource)).id;
    const otherStaff = (await createUser(api.dataSource, { role: 'funder', organisationId: otherFunder })).id;
    const { programId: othersProgram } = await createProgramWithVouchers(api.dataSource, {
      funderId: otherFunder,
      createdBy: otherStaff,
      validFrom: '2025-01-01',
      validUntil: '2030-12-31',
      count: 1,
    });
    const before = await api.dataSource.query('SELECT last_number FROM invoice_number_counters WHERE year = 2031');
    for (const programId of [othersProgram, randomUUID()]) {
      await expect(transactions.run((tx) => issuer.issue(tx, draft(programId, { issueDate: '2031-01-05', dueDate: '2031-02-04' })))).rejects.toMatchObject({
        driverError: { code: '23503', constraint: 'invoices_program_fkey' },
      });
    }
    expect(await api.dataSource.query('SELECT last_number FROM invoice_number_counters WHERE year = 2031')).toEqual(before);
  });

  it('refuses a public buyer without SIRET and an invalid line, before taking a number', async () => {
    const programId = await newProgram();
    await expect(transactions.run((tx) => issuer.issue(tx, draft(programId, { buyer: { name: 'Commune', address: 'Mairie' } })))).rejects.toMatchObject({
      code: 'INVOICE_INVALID',
    });
    await expect(transactions.run((tx) => issuer.issue(tx, draft(programId, { lines: [] })))).rejects.toMatchObject({ code: 'INVOICE_INVALID' });
  });

  it('never rewrites an issued invoice and never moves its status or amount paid backwards', async () => {
    const programId = await newProgram();
    const { id } = await transactions.run((tx) => issuer.issue(tx, draft(programId, { issueDate: '2030-01-05', dueDate: '2030-02-04' })));
    const update = (sql: string) => api.dataSource.query(`UPDATE invoices SET ${sql} WHERE id = $1`, [id]);
    await expect(update('total_net_cents = total_net_cents + 1, total_gross_cents = total_gross_cents + 1')).rejects.toThrow(/cannot be rewritten/);
    await update("status = 'partially_paid', amount_paid_cents = 10000");
    await update("status = 'paid', amount_paid_cents = total_gross_cents, paid_at = now()");
    await expect(update("status = 'partially_paid', amount_paid_cents = 10000")).rejects.toThrow(/cannot move back/);
    await expect(update("status = 'issued', amount_paid_cents = 0")).rejects.toThrow(/cannot move back/);
    await expect(api.dataSource.query('DELETE FROM invoices WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    expect((await api.dataSource.query('SELECT status FROM invoices WHERE id = $1', [id]))[0].status).toBe('paid');
  });
});
