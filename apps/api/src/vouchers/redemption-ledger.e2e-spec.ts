import { DateTime } from 'luxon';
import { InvoicingRunService, Ledger } from '@passerelle/billing';
import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('redemptions in the ledger, under concurrency', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const journalsOf = (kind: string) =>
    api.dataSource.query('SELECT event_key FROM ledger_journals WHERE kind = $1 ORDER BY event_key', [kind]) as Promise<{ event_key: string }[]>;
  const accountSum = async (account: string) =>
    Number((await api.dataSource.query('SELECT coalesce(sum(amount_cents), 0)::text AS sum FROM ledger_entries WHERE account = $1', [account]))[0].sum);

  it('posts one accrual per redemption and one reversal per undo, all balanced, when 60 redemptions and 60 undos race', async () => {
    const { funderId, staff } = await funderStaff(api);
    const program = await createProgram(api, staff);
    const codes = await issueCodes(api, staff, program.id, 60);
    const { mediators, structure, booking } = await structureWithOffer(api, { mediators: 4 });
    const bookings: { id: string }[] = [];
    for (let i = 0; i < 60; i++) bookings.push(await booking());

    // 40 codes redeemed, each sent twice with its key (a client retrying): one redemption, one accrual each.
    const first = await Promise.all(
      codes.slice(0, 40).flatMap((code, i) => [0, 1].map(() => redeem(api, mediators[i % 4]!, code, bookings[i]!.id, `ledger-${i}`))),
    );
    expect(first.every((response) => response.statusCode === 201)).toBe(true);
    const redemptionIds = [...new Set(first.map((response) => response.json().id as string))];
    expect(redemptionIds).toHaveLength(40);

    // Then, together: 3 undos of each of 20 redemptions, and 20 more codes redeemed.
    const undoTargets = redemptionIds.slice(0, 20);
    const burst = await Promise.all([
      ...undoTargets.flatMap((id, i) =>
        [0, 1, 2].map(() => api.app.inject({ method: 'POST', url: `/redemptions/${id}/undo`, headers: mediators[i % 4]!.headers })),
      ),
      ...codes.slice(40).map((code, i) => redeem(api, mediators[i % 4]!, code, bookings[40 + i]!.id)),
    ]);
    const undos = burst.slice(0, 60);
    expect(undos.filter((response) => response.statusCode === 200)).toHaveLength(20);
    expect(new Set(undos.filter((r) => r.statusCode !== 200).map((r) => `${r.statusCode} ${r.json().code}`))).toEqual(new Set(['409 REDEMPTION_ALREADY_UNDONE']));
    expect(burst.slice(60).every((response) => response.statusCode === 201)).toBe(true);

    const redemptions: { id: string; undone: boolean }[] = await api.dataSource.query(
      'SELECT id, undone_at IS NOT NULL AS undone FROM voucher_redemptions WHERE program_id = $1',
      [program.id],
    );
    expect(redemptions).toHaveLength(60);
    expect((await journalsOf('redemption_accrued')).map((j) => j.event_key)).toEqual(redemptions.map((r) => `redemption:${r.id}`).sort());
    expect((await journalsOf('redemption_reversed')).map((j) => j.event_key)).toEqual(
      redemptions.filter((r) => r.undone).map((r) => `redemption-undo:${r.id}`).sort(),
    );
    const ledger = api.app.get(Ledger);
    expect(await ledger.unbalancedJournals()).toEqual([]);
    expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: 40 * 1000, receivableCents: 0 });
    expect(await ledger.structureBalance(structure.id)).toBe(40 * 1000);

    // Invoicing the 40 live redemptions moves exactly what they accrued: nothing left unbilled.
    const summary = await api.app.get(InvoicingRunService).run('system', DateTime.now().setZone('Europe/Paris').toFormat('yyyy-MM'), new Date(Date.now() + 60_000));
    expect(summary.failed).toEqual([]);
    const [invoice] = await api.dataSource.query(
      'SELECT total_gross_cents::int AS gross, total_vat_cents::int AS vat FROM invoices WHERE program_id = $1',
      [program.id],
    );
    // 40 × 10.00 € + 4 % fee (1 600) + 20 % VAT on the fee (320).
    expect(invoice).toEqual({ gross: 40_000 + 1_600 + 320, vat: 320 });
    expect(await ledger.funderBalance(funderId)).toEqual({ unbilledCents: 0, receivableCents: invoice.gross });
    expect(await ledger.structureBalance(structure.id)).toBe(40 * 1000);
    expect(await accountSum('platform_revenue')).toBe(-1_600);
    expect(await accountSum('vat_collected')).toBe(-320);
    expect(await ledger.unbalancedJournals()).toEqual([]);
  });
});
