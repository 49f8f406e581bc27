import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Actor } from '@passerelle/identity';
import {
  createCompletedBooking,
  createFunder,
  createOffer,
  createPlace,
  createProgramWithVouchers,
  createStructure,
  createUser,
  startTestApi,
  type TestApi,
} from '@passerelle/testing';
import { RedemptionService } from '@passerelle/vouchers';
import { CreditNoteService } from '../credit-notes/credit-note.service';
import { InvoicingRunService } from '../invoicing/invoicing-run.service';
import { Ledger } from './ledger.service';

/**
 * Model-based property test of the ledger: after any sequence of money operations, every journal
 * sums to zero and the balances per funder and per structure are what the model and the invoices
 * say. Each fast-check run works on its own funders, programs and structures (fresh ids), so the
 * model starts empty while the database accumulates. New money operations (payments, payouts) are
 * new commands in `ledgerCommands`, with their expected effect on the model.
 */

const PROGRAMS = 3;
const STRUCTURES = 3;
const VOUCHERS_PER_PROGRAM = 8;
const FACE_VALUE_CENTS = 1000; // createProgramWithVouchers' face value

interface VoucherModel {
  code: string;
  program: number;
  /** credited: by a credit note without re-billing (the voucher stays on its invoice, owed to no one). */
  state: 'issued' | 'redeemed' | 'invoiced' | 'credited';
  redemptionId?: string;
  structure?: number;
}

interface Model {
  vouchers: VoucherModel[];
  /** `${program}:${period}` of the invoices issued. */
  invoiced: Set<string>;
}

interface Parties {
  funderIds: string[];
  /** program index → funder index */
  programFunder: number[];
  programIds: string[];
  admin: Actor;
  structures: { id: string; actor: Actor; offer: { id: string; structureId: string; placeId: string; procedureCode: string } }[];
}

interface Real {
  api: TestApi;
  parties: Parties;
}

/** The Paris month `offset` months from now: runs for the current month and later ones take today's redemptions. */
const periodAt = (offset: number) => DateTime.now().setZone('Europe/Paris').plus({ months: offset }).toFormat('yyyy-MM');

class Redeem implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly program: number,
    readonly structure: number,
  ) {}
  check(model: Model): boolean {
    return model.vouchers.some((v) => v.program === this.program && v.state === 'issued');
  }
  async run(model: Model, { api, parties }: Real): Promise<void> {
    const voucher = model.vouchers.find((v) => v.program === this.program && v.state === 'issued')!;
    const structure = parties.structures[this.structure]!;
    const booking = await createCompletedBooking(api.dataSource, structure.offer);
    const view = await api.app.get(RedemptionService).redeem(structure.actor, { code: voucher.code, bookingId: booking.id, idempotencyKey: randomUUID() });
    Object.assign(voucher, { state: 'redeemed', redemptionId: view.id, structure: this.structure });
    await checkLedger(model, api, parties);
  }
  toString(): string {
    return `redeem(program ${this.program}, structure ${this.structure})`;
  }
}

class Undo implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check(model: Model): boolean {
    return model.vouchers.some((v) => v.state !== 'issued');
  }
  async run(model: Model, { api, parties }: Real): Promise<void> {
    const used = model.vouchers.filter((v) => v.state !== 'issued');
    const voucher = used[this.pick % used.length]!;
    const undo = api.app.get(RedemptionService).undo(parties.structures[voucher.structure!]!.actor, voucher.redemptionId!);
    if (voucher.state === 'invoiced' || voucher.state === 'credited') {
      await expect(undo).rejects.toMatchObject({ code: 'REDEMPTION_INVOICED' });
    } else {
      await undo;
      Object.assign(voucher, { state: 'issued', redemptionId: undefined, structure: undefined });
    }
    await checkLedger(model, api, parties);
  }
  toString(): string {
    return `undo(#${this.pick})`;
  }
}

class InvoicingRun implements fc.AsyncCommand<Model, Real> {
  constructor(readonly monthOffset: number) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, { api, parties }: Real): Promise<void> {
    const period = periodAt(this.monthOffset);
    const summary = await api.app.get(InvoicingRunService).run('system', period);
    expect(summary.failed).toEqual([]);
    for (let program = 0; program < PROGRAMS; program += 1) {
      const redeemed = model.vouchers.filter((v) => v.program === program && v.state === 'redeemed');
      const key = `${program}:${period}`;
      // One invoice per program and period: a period already invoiced takes nothing more.
      if (redeemed.length === 0 || model.invoiced.has(key)) continue;
      model.invoiced.add(key);
      for (const voucher of redeemed) voucher.state = 'invoiced';
    }
    const mine = summary.created.filter((c) => parties.programIds.includes(c.programId)).map((c) => `${parties.programIds.indexOf(c.programId)}:${period}`);
    expect(mine.every((key) => model.invoiced.has(key))).toBe(true);
    await checkLedger(model, api, parties);
  }
  toString(): string {
    return `invoicing run(${periodAt(this.monthOffset)})`;
  }
}

/** A partial credit note of some invoiced vouchers of one line (one structure), released for re-billing or not. */
class PartialCredit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly count: number,
    readonly rebill: boolean,
  ) {}
  check(model: Model): boolean {
    return model.vouchers.some((v) => v.state === 'invoiced');
  }
  async run(model: Model, { api, parties }: Real): Promise<void> {
    const invoiced = model.vouchers.filter((v) => v.state === 'invoiced');
    const first = invoiced[this.pick % invoiced.length]!;
    const rows: { code: string; id: string; invoice_id: string }[] = await api.dataSource.query(
      'SELECT code, id, invoice_id FROM vouchers WHERE code = ANY($1)',
      [invoiced.map((v) => v.code)],
    );
    const invoiceId = rows.find((r) => r.code === first.code)!.invoice_id;
    const onLine = invoiced.filter((v) => v.structure === first.structure && rows.find((r) => r.code === v.code)!.invoice_id === invoiceId).slice(0, this.count);
    const [{ position }] = await api.dataSource.query('SELECT position FROM invoice_lines WHERE invoice_id = $1 AND structure_id = $2', [
      invoiceId,
      parties.structures[first.structure!]!.id,
    ]);
    await api.app.get(CreditNoteService).credit(parties.admin, invoiceId, {
      reason: 'Pass contestés',
      lines: [{ position, voucherIds: onLine.map((v) => rows.find((r) => r.code === v.code)!.id) }],
      rebill: this.rebill,
    });
    for (const voucher of onLine) voucher.state = this.rebill ? 'redeemed' : 'credited';
    await checkLedger(model, api, parties);
  }
  toString(): string {
    return `partial credit(#${this.pick}, ${this.count}${this.rebill ? ', rebill' : ''})`;
  }
}

/** Every operation that moves money, as generated commands. */
const ledgerCommands = [
  fc.tuple(fc.nat(PROGRAMS - 1), fc.nat(STRUCTURES - 1)).map(([program, structure]) => new Redeem(program, structure)),
  fc.nat(50).map((pick) => new Undo(pick)),
  fc.nat(2).map((offset) => new InvoicingRun(offset)),
  fc.tuple(fc.nat(50), fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([pick, count, rebill]) => new PartialCredit(pick, count, rebill)),
];

async function checkLedger(model: Model, api: TestApi, parties: Parties): Promise<void> {
  const ledger = api.app.get(Ledger);
  expect(await ledger.unbalancedJournals()).toEqual([]);
  for (const [index, funderId] of parties.funderIds.entries()) {
    const programs = parties.programFunder.flatMap((f, program) => (f === index ? [program] : []));
    const unbilled = model.vouchers.filter((v) => programs.includes(v.program) && v.state === 'redeemed').length * FACE_VALUE_CENTS;
    const [{ gross }] = await api.dataSource.query(
      'SELECT coalesce(sum(CASE type_code WHEN 380 THEN total_gross_cents ELSE -total_gross_cents END), 0)::int AS gross FROM invoices WHERE funder_id = $1',
      [funderId],
    );
    expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: unbilled, receivableCents: gross });
  }
  for (const [index, structure] of parties.structures.entries()) {
    const earned = model.vouchers.filter((v) => (v.state === 'redeemed' || v.state === 'invoiced') && v.structure === index).length * FACE_VALUE_CENTS;
    expect(await ledger.structureBalance(structure.id)).toBe(earned);
    const invoicedForIt = model.vouchers.filter((v) => v.state === 'invoiced' && v.structure === index).length * FACE_VALUE_CENTS;
    const [{ net }] = await api.dataSource.query(
      `SELECT coalesce(sum(CASE i.type_code WHEN 380 THEN l.net_cents ELSE -l.net_cents END), 0)::int AS net
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.structure_id = $1`,
      [structure.id],
    );
    expect(net).toBe(invoicedForIt);
  }
  // What the platform keeps: the invoices' fee and VAT less the credit notes', nothing else.
  const [{ kept, fees }] = await api.dataSource.query(`
    SELECT (SELECT coalesce(-sum(amount_cents), 0) FROM ledger_entries WHERE account IN ('platform_revenue', 'vat_collected'))::int AS kept,
           ((SELECT coalesce(sum(CASE type_code WHEN 380 THEN total_gross_cents ELSE -total_gross_cents END), 0) FROM invoices)
            - (SELECT coalesce(sum(CASE i.type_code WHEN 380 THEN l.net_cents ELSE -l.net_cents END), 0)
                 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.structure_id IS NOT NULL))::int AS fees`);
  expect(kept).toBe(fees);
}

describe('ledger property: journals balanced and balances matching invoices after random operations', () => {
  let api: TestApi;
  let adminId: string;
  let procedureCode: string;

  beforeAll(async () => {
    api = await startTestApi();
    adminId = (await createUser(api.dataSource, { role: 'admin' })).id;
    [{ code: procedureCode }] = await api.dataSource.query('SELECT code FROM procedures ORDER BY code LIMIT 1');
  });
  afterAll(() => api.close());

  async function freshParties(): Promise<{ parties: Parties; vouchers: VoucherModel[] }> {
    const funderIds = [(await createFunder(api.dataSource)).id, (await createFunder(api.dataSource)).id];
    const programFunder = [0, 0, 1];
    const vouchers: VoucherModel[] = [];
    const programIds: string[] = [];
    for (const [program, funder] of programFunder.entries()) {
      const created = await createProgramWithVouchers(api.dataSource, {
        funderId: funderIds[funder]!,
        createdBy: adminId,
        validFrom: '2020-01-01',
        validUntil: '2099-12-31',
        count: VOUCHERS_PER_PROGRAM,
      });
      programIds.push(created.programId);
      vouchers.push(...created.codes.map((code) => ({ code, program, state: 'issued' as const })));
    }
    const structures: Parties['structures'] = [];
    for (let i = 0; i < STRUCTURES; i += 1) {
      const structure = await createStructure(api.dataSource);
      const mediator = await createUser(api.dataSource, { role: 'mediator', organisationId: structure.id });
      const place = await createPlace(api.dataSource, structure.id, { postcode: '33000' });
      const offer = await createOffer(api.dataSource, { id: place.id, structure_id: structure.id }, { procedureCode });
      structures.push({
        id: structure.id,
        actor: { userId: mediator.id, roles: ['mediator'], memberships: [{ organisationId: structure.id, kind: 'structure' }], sessionId: randomUUID() },
        offer: { id: offer.id, structureId: structure.id, placeId: place.id, procedureCode },
      });
    }
    const admin: Actor = { userId: adminId, roles: ['admin'], memberships: [], sessionId: randomUUID() };
    return { parties: { funderIds, programFunder, programIds, admin, structures }, vouchers };
  }

  it('holds over random sequences of redemptions, undos, invoicing runs and partial credit notes', async () => {
    await fc.assert(
      // Medium-sized sequences: a credit note needs a redemption and an invoicing run before it (9 to 26 credit notes per run seen).
      fc.asyncProperty(fc.commands(ledgerCommands, { maxCommands: 30, size: 'medium' }), async (commands) => {
        const { parties, vouchers } = await freshParties();
        await fc.asyncModelRun(() => ({ model: { vouchers, invoiced: new Set<string>() }, real: { api, parties } }), commands);
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 300_000);
});
