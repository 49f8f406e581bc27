import { randomUUID } from 'node:crypto';
import type { Actor } from '@passerelle/identity';
import { TransactionRunner } from '@passerelle/database';
import { createFunder, createProgramWithVouchers, createStructure, createUser, redeemVouchers, startTestApi, type TestApi } from '@passerelle/testing';
import { RedemptionService } from '@passerelle/vouchers';
import { Ledger, redemptionReversed } from '../ledger';
import { InvoicingRunService } from './invoicing-run.service';

describe('invoicing run', () => {
  let api: TestApi;
  let runs: InvoicingRunService;
  let adminId: string;
  let procedures: [string, string];

  beforeAll(async () => {
    api = await startTestApi();
    runs = api.app.get(InvoicingRunService);
    adminId = (await createUser(api.dataSource, { role: 'admin' })).id;
    const rows: { code: string }[] = await api.dataSource.query('SELECT code FROM procedures ORDER BY code LIMIT 2');
    procedures = [rows[0]!.code, rows[1]!.code];
  });
  afterAll(() => api.close());

  /** A program of `count` vouchers (face value 10.00 €) with the given operator rate. */
  async function program(funderId: string, rateBp: number, count: number): Promise<{ programId: string; codes: string[] }> {
    const created = await createProgramWithVouchers(api.dataSource, { funderId, createdBy: adminId, validFrom: '2026-01-01', validUntil: '2027-12-31', count });
    await api.dataSource.query('UPDATE voucher_programs SET operator_rate_bp = $2 WHERE id = $1', [created.programId, rateBp]);
    return created;
  }

  /** Redeems the voucher at the structure, with its accrual journal. */
  async function redeem(code: string, structureId: string, procedureCode: string, at: string | Date): Promise<string> {
    const [redemption] = await redeemVouchers(api.dataSource, { codes: [code], on: { structureId, procedureCode, departement: '75' }, redeemedBy: adminId, redeemedAt: at });
    return redemption!.id;
  }

  const invoicesOf = (programId: string) =>
    api.dataSource.query(
      'SELECT id, number, funder_id, total_net_cents::int AS net, total_vat_cents::int AS vat, total_gross_cents::int AS gross FROM invoices WHERE program_id = $1',
      [programId],
    ) as Promise<{ id: string; number: string; funder_id: string; net: number; vat: number; gross: number }[]>;
  const linesOf = (invoiceId: string) =>
    api.dataSource.query(
      'SELECT structure_id, procedure_code, quantity, unit_price_cents::int AS unit, net_cents::int AS net, vat_category FROM invoice_lines WHERE invoice_id = $1 ORDER BY position',
      [invoiceId],
    );

  it('invoices each funder and program once, with lines per structure and procedure, the fee and its VAT, in the Paris month', async () => {
    const [funderA, funderB] = [await createFunder(api.dataSource), await createFunder(api.dataSource, { sector: 'private' })];
    const [s1, s2] = [await createStructure(api.dataSource), await createStructure(api.dataSource)].sort((a, b) => a.id.localeCompare(b.id));
    const [p1, p2] = procedures;
    const a1 = await program(funderA.id, 333, 10);
    const a2 = await program(funderA.id, 400, 5);
    const b1 = await program(funderB.id, 250, 5);
    // a1: 3 × (s1, p1), 2 × (s2, p1), 1 × (s1, p2); plus one redeemed 2026-10-01 00:30 Paris (next period) and one undone.
    for (const code of a1.codes.slice(0, 3)) await redeem(code, s1!.id, p1, '2026-09-10T10:00:00+02:00');
    for (const code of a1.codes.slice(3, 5)) await redeem(code, s2!.id, p1, '2026-09-30T23:30:00+02:00');
    await redeem(a1.codes[5]!, s1!.id, p2, '2026-08-31T22:30:00Z'); // 2026-09-01 00:30 in Paris
    await redeem(a1.codes[6]!, s1!.id, p1, '2026-09-30T22:30:00Z'); // 2026-10-01 00:30 in Paris
    const undone = await redeem(a1.codes[7]!, s2!.id, p2, '2026-09-15T10:00:00+02:00');
    // Undone past RedemptionService's 24-hour window, as it undoes: the rows and the reversal journal.
    await api.app.get(TransactionRunner).run(async (tx) => {
      await tx.query(
        `WITH u AS (UPDATE voucher_redemptions SET undone_at = now(), undone_by = redeemed_by WHERE id = $1 RETURNING voucher_id)
         UPDATE vouchers SET status = 'issued' FROM u WHERE vouchers.id = u.voucher_id`,
        [undone],
      );
      await api.app.get(Ledger).post(tx, redemptionReversed({ redemptionId: undone, funderId: funderA.id, structureId: s2!.id, amountCents: 1000, occurredAt: new Date() }));
    });
    for (const code of a2.codes.slice(0, 2)) await redeem(code, s2!.id, p2, '2026-09-20T12:00:00+02:00');
    await redeem(b1.codes[0]!, s1!.id, p1, '2026-09-05T12:00:00+02:00');

    const summary = await runs.run('system', '2026-09', new Date('2026-10-01T06:00:00+02:00'));
    const mine = summary.created.filter((c) => [a1.programId, a2.programId, b1.programId].includes(c.programId));
    expect(mine).toHaveLength(3);
    expect(summary.failed).toEqual([]);

    // a1: 6 vouchers = 60.00 €; fee 6 000 × 3.33 % = 199.8 → 200 cents; VAT 20 % of 200 = 40.
    const [invA1] = await invoicesOf(a1.programId);
    expect(invA1).toMatchObject({ funder_id: funderA.id, net: 6_200, vat: 40, gross: 6_240 });
    expect(await linesOf(invA1!.id)).toEqual([
      { structure_id: s1!.id, procedure_code: p1, quantity: 3, unit: 1000, net: 3000, vat_category: 'E' },
      { structure_id: s1!.id, procedure_code: p2, quantity: 1, unit: 1000, net: 1000, vat_category: 'E' },
      { structure_id: s2!.id, procedure_code: p1, quantity: 2, unit: 1000, net: 2000, vat_category: 'E' },
      { structure_id: null, procedure_code: null, quantity: 1, unit: 200, net: 200, vat_category: 'S' },
    ]);
    // a2: 2 vouchers = 20.00 €; fee 4 % = 80; VAT 16.
    const [invA2] = await invoicesOf(a2.programId);
    expect(invA2).toMatchObject({ funder_id: funderA.id, net: 2_080, vat: 16, gross: 2_096 });
    // b1: 1 voucher = 10.00 €; fee 2.5 % = 25; VAT 20 % of 25 = 5.
    const [invB1] = await invoicesOf(b1.programId);
    expect(invB1).toMatchObject({ funder_id: funderB.id, net: 1_025, vat: 5, gross: 1_030 });
    // Late payment: public procurement default interest for the public funder A, commercial penalties for B.
    const terms = async (invoiceId: string) => (await api.dataSource.query('SELECT late_penalty_terms FROM invoices WHERE id = $1', [invoiceId]))[0].late_penalty_terms;
    expect(await terms(invA1!.id)).toMatch(/^Intérêts moratoires au taux BCE \+ 8 points \(C\. commande publique R2192-31\)/);
    expect(await terms(invB1!.id)).toMatch(/^Pénalités de retard au taux BCE \+ 10 points/);

    const statuses: { code: string; status: string; invoice_id: string | null }[] = await api.dataSource.query(
      'SELECT code, status, invoice_id FROM vouchers WHERE program_id = $1 ORDER BY code',
      [a1.programId],
    );
    const byCode = new Map(statuses.map((s) => [s.code, s]));
    for (const code of a1.codes.slice(0, 6)) expect(byCode.get(code)).toMatchObject({ status: 'invoiced', invoice_id: invA1!.id });
    expect(byCode.get(a1.codes[6]!)).toMatchObject({ status: 'redeemed', invoice_id: null });
    expect(byCode.get(a1.codes[7]!)).toMatchObject({ status: 'issued', invoice_id: null });

    const [journal] = await api.dataSource.query(
      `SELECT sum(e.amount_cents)::int AS total, count(*)::int AS entries FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
        WHERE j.event_key = $1`,
      [`invoice:${invA1!.id}`],
    );
    expect(journal).toEqual({ total: 0, entries: 4 });

    // Re-running the period creates nothing; the voucher redeemed on 1 October goes to October's invoice.
    const again = await runs.run('system', '2026-09', new Date('2026-10-02T06:00:00+02:00'));
    expect(again.created.filter((c) => c.programId === a1.programId)).toEqual([]);
    expect(await invoicesOf(a1.programId)).toHaveLength(1);
    const october = await runs.run('system', '2026-10', new Date('2026-11-01T06:00:00+01:00'));
    expect(october.created.filter((c) => c.programId === a1.programId)).toHaveLength(1);
    expect(await invoicesOf(a1.programId)).toHaveLength(2);
  });

  it('creates each invoice exactly once with gapless numbers when 10 runs of the same period race', async () => {
    const programs: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const funder = await createFunder(api.dataSource);
      const structure = await createStructure(api.dataSource);
      const created = await program(funder.id, 400, 3);
      for (const code of created.codes) await redeem(code, structure.id, procedures[0], '2026-07-10T10:00:00+02:00');
      programs.push(created.programId);
    }
    const summaries = await Promise.all(Array.from({ length: 10 }, () => runs.run('system', '2026-07', new Date('2026-08-01T06:00:00+02:00'))));
    expect(summaries.flatMap((s) => s.failed)).toEqual([]);
    expect(summaries.flatMap((s) => s.created).filter((c) => programs.includes(c.programId))).toHaveLength(4);
    for (const programId of programs) expect(await invoicesOf(programId)).toHaveLength(1);
    const numbers: { number: string }[] = await api.dataSource.query("SELECT number FROM invoices WHERE number LIKE 'PAS-2026-%' ORDER BY number");
    expect(numbers.map((n) => n.number)).toEqual(numbers.map((_, i) => `PAS-2026-${String(i + 1).padStart(6, '0')}`));
    const [{ total }] = await api.dataSource.query('SELECT coalesce(sum(amount_cents), 0)::int AS total FROM ledger_entries');
    expect(total).toBe(0);
  });

  it('leaves the other invoices whole and the failing one absent when one program fails mid-run', async () => {
    const funder = await createFunder(api.dataSource);
    const structure = await createStructure(api.dataSource);
    const good = await program(funder.id, 400, 2);
    const bad = await program(funder.id, 400, 2);
    for (const p of [good, bad]) for (const code of p.codes) await redeem(code, structure.id, procedures[0], '2026-05-10T10:00:00+02:00');
    // Fails when the vouchers move to invoiced, the first write of the program's transaction.
    await api.dataSource.query(`
      CREATE FUNCTION fail_bad_program() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await api.dataSource.query(
      `CREATE TRIGGER fail_bad_program BEFORE UPDATE ON vouchers FOR EACH ROW
       WHEN (NEW.status = 'invoiced' AND NEW.program_id = '${bad.programId}') EXECUTE FUNCTION fail_bad_program()`,
    );
    try {
      const summary = await runs.run('system', '2026-05', new Date('2026-06-01T06:00:00+02:00'));
      expect(summary.failed.map((f) => f.programId)).toEqual([bad.programId]);
      expect(summary.created.map((c) => c.programId)).toContain(good.programId);
    } finally {
      await api.dataSource.query('DROP TRIGGER fail_bad_program ON vouchers');
      await api.dataSource.query('DROP FUNCTION fail_bad_program');
    }
    expect(await invoicesOf(bad.programId)).toEqual([]);
    const [goodInvoice] = await invoicesOf(good.programId);
    expect(goodInvoice).toMatchObject({ net: 2_080 });
    const badVouchers: { status: string }[] = await api.dataSource.query('SELECT status FROM vouchers WHERE program_id = $1 AND status <> $2', [bad.programId, 'issued']);
    expect(badVouchers.map((v) => v.status)).toEqual(['redeemed', 'redeemed']);
    const [{ count }] = await api.dataSource.query(
      `SELECT count(*)::int AS count FROM ledger_journals WHERE event_key LIKE 'invoice:%'
         AND substring(event_key from 9)::uuid NOT IN (SELECT id FROM invoices)`,
    );
    expect(count).toBe(0);
    // The next run picks the failed program up.
    const retry = await runs.run('system', '2026-05', new Date('2026-06-02T06:00:00+02:00'));
    expect(retry.created.map((c) => c.programId)).toEqual([bad.programId]);
  });

  it('never leaves a voucher both undone and invoiced when undo races the run', async () => {
    const funder = await createFunder(api.dataSource);
    const structure = await createStructure(api.dataSource);
    const mediator = await createUser(api.dataSource, { role: 'mediator', organisationId: structure.id });
    const created = await program(funder.id, 400, 20);
    const now = new Date();
    const redemptionIds = [];
    for (const code of created.codes) redemptionIds.push(await redeem(code, structure.id, procedures[0], new Date(now.getTime() - 60_000)));
    const actor: Actor = { userId: mediator.id, roles: ['mediator'], memberships: [{ organisationId: structure.id, kind: 'structure' }], sessionId: randomUUID() };
    const undoService = api.app.get(RedemptionService);
    const period = now.toISOString().slice(0, 7);
    const outcomes = await Promise.allSettled([
      ...redemptionIds.map((id) => undoService.undo(actor, id)),
      runs.run('system', period, new Date(now.getTime() + 60_000)),
    ]);
    const undoneCount = outcomes.slice(0, 20).filter((o) => o.status === 'fulfilled').length;
    for (const o of outcomes.slice(0, 20)) if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('REDEMPTION_INVOICED');
    const [{ bad }] = await api.dataSource.query(
      `SELECT count(*)::int AS bad FROM vouchers v JOIN voucher_redemptions r ON r.voucher_id = v.id
        WHERE v.program_id = $1 AND r.undone_at IS NOT NULL AND (v.status IN ('invoiced', 'paid') OR v.invoice_id IS NOT NULL)`,
      [created.programId],
    );
    expect(bad).toBe(0);
    const invoiced: { count: number }[] = await api.dataSource.query(
      "SELECT count(*)::int AS count FROM vouchers WHERE program_id = $1 AND status = 'invoiced'",
      [created.programId],
    );
    expect(invoiced[0]!.count).toBe(20 - undoneCount);
    const [invoice] = await invoicesOf(created.programId);
    if (undoneCount < 20) {
      const [{ quantity }] = await api.dataSource.query('SELECT sum(quantity)::int AS quantity FROM invoice_lines WHERE invoice_id = $1 AND structure_id IS NOT NULL', [invoice!.id]);
      expect(quantity).toBe(20 - undoneCount);
    }
  });

  it('serves invoices over HTTP: the admin runs a period, a funder reads only its own (404 for another), the admin reads all', async () => {
    const [funderA, funderB] = [await createFunder(api.dataSource), await createFunder(api.dataSource, { sector: 'private' })];
    const structure = await createStructure(api.dataSource);
    const programA = await program(funderA.id, 400, 1);
    const programB = await program(funderB.id, 400, 1);
    await redeem(programA.codes[0]!, structure.id, procedures[0], '2026-03-10T10:00:00+01:00');
    await redeem(programB.codes[0]!, structure.id, procedures[0], '2026-03-10T10:00:00+01:00');
    const admin = await api.loginAs('admin');
    const memberA = await api.loginAs('funder', { organisationId: funderA.id });

    expect((await api.app.inject({ method: 'POST', url: '/admin/invoicing-runs', headers: memberA.headers, payload: { period: '2026-03' } })).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'POST', url: '/admin/invoicing-runs', headers: admin.headers, payload: { period: '2026-3' } })).statusCode).toBe(400);
    const run = await api.app.inject({ method: 'POST', url: '/admin/invoicing-runs', headers: admin.headers, payload: { period: '2026-03' } });
    expect(run.statusCode).toBe(200);
    expect(run.json().created.map((c: { programId: string }) => c.programId)).toEqual(expect.arrayContaining([programA.programId, programB.programId]));
    const rerun = await api.app.inject({ method: 'POST', url: '/admin/invoicing-runs', headers: admin.headers, payload: { period: '2026-03' } });
    expect(rerun.json().created).toEqual([]);

    const [invoiceA] = await invoicesOf(programA.programId);
    const [invoiceB] = await invoicesOf(programB.programId);
    const list = await api.app.inject({ method: 'GET', url: '/invoices', headers: memberA.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((i: { id: string }) => i.id)).toEqual([invoiceA!.id]);
    const own = await api.app.inject({ method: 'GET', url: `/invoices/${invoiceA!.id}`, headers: memberA.headers });
    expect(own.statusCode).toBe(200);
    // 10.00 € face value + 4 % fee (40) + 20 % VAT on the fee (8).
    expect(own.json()).toMatchObject({ number: invoiceA!.number, status: 'issued', amountPaidCents: 0, totalNetCents: 1_040, totalVatCents: 8, totalGrossCents: 1_048 });
    expect(own.json().lines).toHaveLength(2);
    expect(own.json().vatBreakdown.map((b: { category: string }) => b.category)).toEqual(['E', 'S']);
    const other = await api.app.inject({ method: 'GET', url: `/invoices/${invoiceB!.id}`, headers: memberA.headers });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('INVOICE_NOT_FOUND');
    const all = await api.app.inject({ method: 'GET', url: '/invoices', headers: admin.headers });
    expect(all.json().map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([invoiceA!.id, invoiceB!.id]));
    expect((await api.app.inject({ method: 'GET', url: `/invoices/${invoiceB!.id}`, headers: admin.headers })).statusCode).toBe(200);
  });

  it('refuses a non-admin actor and a malformed period', async () => {
    const actor: Actor = { userId: adminId, roles: ['funder'], memberships: [], sessionId: randomUUID() };
    await expect(runs.run(actor, '2026-09')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin: Actor = { userId: adminId, roles: ['admin'], memberships: [], sessionId: randomUUID() };
    await expect(runs.run(admin, '2026-13')).rejects.toMatchObject({ code: 'INVOICING_PERIOD_INVALID' });
  });
});
