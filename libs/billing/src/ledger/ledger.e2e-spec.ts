import { TransactionRunner } from '@passerelle/database';
import { createOrganisation, createStructure, startTestApi, type TestApi } from '@passerelle/testing';
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
});
