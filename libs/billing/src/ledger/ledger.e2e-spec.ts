import { TransactionRunner } from '@passerelle/database';
import { createOrganisation, createStructure, startTestApi, type TestApi } from '@passerelle/testing';
import { invoiceIssued, paymentReceived, redemptionAccrued, transferSent } from './journals';
import { Ledger } from './ledger.service';
import type { JournalInput } from './ledger.types';

describe('ledger (double entry, balanced by PostgreSQL)', () => {
  let api: TestApi;
  let ledger: Ledger;
  let transactions: TransactionRunner;
  let funderId: string;
  let structureId: string;

  beforeAll(async () => {
    api = await startTestApi();
    ledger = api.app.get(Ledger);
    transactions = api.app.get(TransactionRunner);
    funderId = (await createOrganisation(api.dataSource, 'funder')).id;
    structureId = (await createStructure(api.dataSource)).id;
  });
  afterAll(() => api.close());

  const accrual = (key: string, cents: number): JournalInput => ({
    kind: 'redemption_accrued',
    eventKey: key,
    description: 'Voucher redeemed',
    occurredAt: new Date(),
    entries: [
      { account: 'funder_unbilled', partyId: funderId, amountCents: cents },
      { account: 'structure_payable', partyId: structureId, amountCents: -cents },
    ],
  });
  const journalCount = async () => (await api.dataSource.query('SELECT count(*)::int AS n FROM ledger_journals'))[0].n as number;

  it('commits a balanced journal once per event key, and balances follow', async () => {
    const first = await transactions.run((tx) => ledger.post(tx, accrual('redemption:a', 2_500)));
    const again = await transactions.run((tx) => ledger.post(tx, accrual('redemption:a', 2_500)));
    expect(first.created).toBe(true);
    expect(again).toEqual({ journalId: first.journalId, created: false });
    await expect(transactions.run((tx) => ledger.post(tx, accrual('redemption:a', 2_600)))).rejects.toThrow(/already posted with other entries/);
    expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: 2_500, receivableCents: 0 });
    expect(await ledger.structureBalance(structureId)).toBe(2_500);

    // Invoice: 2 500 of unbilled face value becomes receivable with a 10 % fee and its 20 % VAT.
    await transactions.run((tx) =>
      ledger.post(tx, {
        kind: 'invoice_issued',
        eventKey: 'invoice:a',
        description: 'PAS-2026-000001',
        occurredAt: new Date(),
        entries: [
          { account: 'funder_receivable', partyId: funderId, amountCents: 2_800 },
          { account: 'funder_unbilled', partyId: funderId, amountCents: -2_500 },
          { account: 'platform_revenue', amountCents: -250 },
          { account: 'vat_collected', amountCents: -50 },
        ],
      }),
    );
    await transactions.run((tx) =>
      ledger.post(tx, {
        kind: 'payment_received',
        eventKey: 'payment:a',
        description: 'Bank transfer',
        occurredAt: new Date(),
        entries: [
          { account: 'bank_cash', amountCents: 1_000 },
          { account: 'funder_receivable', partyId: funderId, amountCents: -1_000 },
        ],
      }),
    );
    expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: 0, receivableCents: 1_800 });
    expect(await ledger.unbalancedJournals()).toEqual([]);
  });

  it('refuses an unbalanced journal in code, before it reaches the database', async () => {
    const before = await journalCount();
    const bad = accrual('redemption:bad', 100);
    bad.entries[1]!.amountCents = -99;
    await expect(transactions.run((tx) => ledger.post(tx, bad))).rejects.toThrow(/unbalanced by 1 cents/);
    expect(await journalCount()).toBe(before);
  });

  it('has PostgreSQL refuse the commit of an unbalanced or one-legged journal written behind the code', async () => {
    const before = await journalCount();
    const writeRaw = (entries: [string, string | null, number][]) =>
      api.dataSource.transaction(async (tx) => {
        const [{ id }] = await tx.query(
          "INSERT INTO ledger_journals (kind, event_key, description, occurred_at) VALUES ('adjustment', gen_random_uuid()::text, 'raw', now()) RETURNING id",
        );
        for (const [account, party, cents] of entries) {
          await tx.query('INSERT INTO ledger_entries (journal_id, account, party_id, amount_cents) VALUES ($1, $2, $3, $4)', [id, account, party, cents]);
        }
      });
    await expect(writeRaw([['bank_cash', null, 100], ['platform_revenue', null, -99]])).rejects.toMatchObject({
      driverError: { code: '23514', constraint: 'ledger_journal_balanced' },
    });
    await expect(writeRaw([])).rejects.toMatchObject({ driverError: { constraint: 'ledger_journal_balanced' } });
    await expect(writeRaw([['bank_cash', null, 100], ['structure_payable', null, -100]])).rejects.toMatchObject({
      driverError: { code: '23514' },
    });
    expect(await journalCount()).toBe(before);
    // A committed journal cannot be edited or removed: corrections are new journals.
    await expect(api.dataSource.query("UPDATE ledger_entries SET amount_cents = 1 WHERE account = 'bank_cash'")).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query('DELETE FROM ledger_journals')).rejects.toThrow(/append-only/);
  });

  it('loses nothing under 60 concurrent postings on the same accounts', async () => {
    const funder = (await createOrganisation(api.dataSource, 'funder')).id;
    const structure = (await createStructure(api.dataSource)).id;
    const amounts = Array.from({ length: 60 }, (_, i) => 100 + i);
    await Promise.all(
      amounts.map((cents, i) =>
        transactions.run((tx) =>
          ledger.post(tx, {
            ...accrual(`race:${i}`, cents),
            entries: [
              { account: 'funder_unbilled', partyId: funder, amountCents: cents },
              { account: 'structure_payable', partyId: structure, amountCents: -cents },
            ],
          }),
        ),
      ),
    );
    const total = amounts.reduce((sum, cents) => sum + cents, 0);
    expect(await ledger.funderBalance(funder)).toEqual({ unbilledCents: total, receivableCents: 0 });
    expect(await ledger.structureBalance(structure)).toBe(total);
    expect(await ledger.unbalancedJournals()).toEqual([]);
  });

  it('keeps balances equal to what happened over 400 random money events, replays included', async () => {
    const funders = await Promise.all([1, 2, 3].map(async () => (await createOrganisation(api.dataSource, 'funder')).id));
    const structures = await Promise.all([1, 2, 3, 4].map(async () => (await createStructure(api.dataSource)).id));
    const expected = new Map<string, { unbilled: number; invoiced: number; paid: number; earned: number; paidOut: number }>();
    const tally = (id: string) => expected.get(id) ?? expected.set(id, { unbilled: 0, invoiced: 0, paid: 0, earned: 0, paidOut: 0 }).get(id)!;
    let seed = 7;
    const random = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % max;
    };
    const posted: ReturnType<typeof redemptionAccrued>[] = [];
    for (let i = 0; i < 400; i += 1) {
      const funderId = funders[random(funders.length)]!;
      const structureId = structures[random(structures.length)]!;
      const occurredAt = new Date();
      const roll = random(10);
      let journal;
      if (roll < 4) {
        const amountCents = 1 + random(5_000);
        journal = redemptionAccrued({ redemptionId: `p${i}`, funderId, structureId, amountCents, occurredAt });
        tally(funderId).unbilled += amountCents;
        tally(structureId).earned += amountCents;
      } else if (roll < 6) {
        const faceValueCents = tally(funderId).unbilled;
        const feeNetCents = random(500);
        if (faceValueCents + feeNetCents === 0) continue;
        const vatCents = Math.round((feeNetCents * 2000) / 10_000);
        journal = invoiceIssued({ invoiceId: `p${i}`, number: `PAS-2026-${i}`, funderId, faceValueCents, feeNetCents, vatCents, occurredAt });
        tally(funderId).unbilled -= faceValueCents;
        tally(funderId).invoiced += faceValueCents + feeNetCents + vatCents;
      } else if (roll < 8) {
        const owed = tally(funderId).invoiced - tally(funderId).paid;
        if (owed === 0) continue;
        const amountCents = 1 + random(owed);
        journal = paymentReceived({ paymentKey: `p${i}`, funderId, amountCents, via: random(2) ? 'stripe' : 'bank', occurredAt });
        tally(funderId).paid += amountCents;
      } else if (roll < 9) {
        const owed = tally(structureId).earned - tally(structureId).paidOut;
        if (owed === 0) continue;
        journal = transferSent({ payoutLineId: `p${i}`, structureId, amountCents: owed, via: random(2) ? 'stripe' : 'bank', occurredAt });
        tally(structureId).paidOut += owed;
      } else {
        if (posted.length === 0) continue;
        journal = posted[random(posted.length)]!; // a replayed event adds nothing
      }
      await transactions.run((tx) => ledger.post(tx, journal));
      posted.push(journal);
    }
    for (const funderId of funders) {
      const t = tally(funderId);
      expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: t.unbilled, receivableCents: t.invoiced - t.paid });
    }
    for (const structureId of structures) {
      const t = tally(structureId);
      expect(await ledger.structureBalance(structureId)).toBe(t.earned - t.paidOut);
    }
    expect(await ledger.unbalancedJournals()).toEqual([]);
    expect((await api.dataSource.query('SELECT coalesce(sum(amount_cents), 0)::int AS total FROM ledger_entries'))[0].total).toBe(0);
  });
});
