import { randomUUID } from 'node:crypto';
import { Ledger, ReconciliationService, redemptionAccrued } from '@passerelle/billing';
import { TransactionRunner } from '@passerelle/database';
import { createOffer, createPlace, createStructure } from './catalog-factories';
import { createUser } from './factories';
import { createInvoicedProgram } from './invoice-factories';
import { redeemVouchers } from './redemption-factories';
import { startTestApi, type TestApi } from './test-api';
import { createCompletedBooking, createFunder, createProgramWithVouchers } from './voucher-factories';

describe('redeemVouchers: factory-made redemptions leave the ledger production leaves', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('records redemptions on bookings and at a structure, invoiced or not, and the reconciliation finds no difference', async () => {
    const { dataSource } = api;
    const admin = await createUser(dataSource, { role: 'admin' });
    const funder = await createFunder(dataSource);
    const structure = await createStructure(dataSource);
    const beneficiary = await createUser(dataSource, { role: 'beneficiary' });
    const place = await createPlace(dataSource, structure.id);
    const offer = await createOffer(dataSource, place);
    const booked = { id: offer.id, structureId: structure.id, placeId: place.id, procedureCode: 'carte-grise-changement-titulaire' };
    const bookings = [
      await createCompletedBooking(dataSource, booked, { beneficiaryUserId: beneficiary.id }),
      await createCompletedBooking(dataSource, booked),
    ];
    const { codes } = await createProgramWithVouchers(dataSource, { funderId: funder.id, createdBy: admin.id, validFrom: '2026-01-01', validUntil: '2027-12-31', count: 5 });

    const onBookings = await redeemVouchers(dataSource, { codes: codes.slice(0, 2), on: { bookingIds: bookings.map((b) => b.id) }, redeemedBy: admin.id });
    const atStructure = await redeemVouchers(dataSource, {
      codes: codes.slice(2, 5),
      on: { structureId: structure.id, procedureCode: 'carte-grise-changement-titulaire' },
      redeemedBy: admin.id,
      redeemedAt: '2026-11-20T10:00:00+01:00',
    });
    // Redeemed in September and invoiced by the real run: invoice_issued then clears funder_unbilled.
    await createInvoicedProgram(api, {
      funderId: funder.id,
      createdBy: admin.id,
      operatorRateBp: 400,
      redemptions: [{ structureId: structure.id, procedureCode: 'carte-grise-changement-titulaire', count: 2 }],
    });

    const rows: { booking_id: string; structure_id: string; departement: string; beneficiary_key: string | null }[] = await dataSource.query(
      'SELECT booking_id, structure_id, departement, beneficiary_key FROM voucher_redemptions WHERE id = ANY($1) ORDER BY beneficiary_key',
      [onBookings.map((r) => r.id)],
    );
    expect(rows).toEqual([
      { booking_id: bookings[0]!.id, structure_id: structure.id, departement: place.departement, beneficiary_key: `user:${beneficiary.id}` },
      { booking_id: bookings[1]!.id, structure_id: structure.id, departement: place.departement, beneficiary_key: null },
    ]);

    const report = await api.app.get(ReconciliationService).reconcile('system');
    expect(report.differences).toEqual([]);
    expect(report.counts.party_balances.checked).toBeGreaterThanOrEqual(2);
    const ledger = api.app.get(Ledger);
    // 5 vouchers redeemed, not invoiced, at 10,00 €: owed by the funder and to the structure.
    expect(await ledger.funderBalance(funder.id)).toMatchObject({ unbilledCents: 5_000 });

    // Posting production's journal of each redemption again adds nothing; Ledger.post throws when the rows differ.
    expect(atStructure.map((r) => r.redeemedAt)).toEqual(atStructure.map(() => new Date('2026-11-20T10:00:00+01:00')));
    await api.app.get(TransactionRunner).run(async (tx) => {
      for (const redemption of [...onBookings, ...atStructure]) {
        const journal = redemptionAccrued({ redemptionId: redemption.id, funderId: funder.id, structureId: structure.id, amountCents: 1000, occurredAt: redemption.redeemedAt });
        expect(await ledger.post(tx, journal)).toMatchObject({ created: false });
      }
    });
  });

  it('refuses a voucher already redeemed and a missing booking, and leaves nothing behind', async () => {
    const { dataSource } = api;
    const admin = await createUser(dataSource, { role: 'admin' });
    const funder = await createFunder(dataSource);
    const structure = await createStructure(dataSource);
    const { codes } = await createProgramWithVouchers(dataSource, { funderId: funder.id, createdBy: admin.id, validFrom: '2026-01-01', validUntil: '2027-12-31', count: 2 });
    const site = { structureId: structure.id, procedureCode: 'carte-grise-changement-titulaire' };
    await redeemVouchers(dataSource, { codes: [codes[0]!], on: site, redeemedBy: admin.id });

    await expect(redeemVouchers(dataSource, { codes, on: site, redeemedBy: admin.id })).rejects.toThrow(/1 of 2 vouchers not redeemable/);
    await expect(redeemVouchers(dataSource, { codes: [codes[1]!], on: { bookingIds: [randomUUID()] }, redeemedBy: admin.id })).rejects.toThrow(
      /not redeemable, or their booking missing/,
    );
    const [{ n }] = await dataSource.query("SELECT count(*)::int AS n FROM vouchers WHERE code = $1 AND status = 'issued'", [codes[1]]);
    expect(n).toBe(1);
    expect(await api.app.get(Ledger).funderBalance(funder.id)).toMatchObject({ unbilledCents: 1_000 });
  });
});
