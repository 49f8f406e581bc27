import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InvoicingRunService } from '@passerelle/billing';
import { createOffer, createPlace } from './catalog-factories';
import { createUser } from './factories';
import { redeemVouchers } from './redemption-factories';
import { createCompletedBooking, createProgramWithVouchers } from './voucher-factories';

/** Face value of the vouchers createProgramWithVouchers issues. */
const FACE_VALUE_CENTS = 1000;

export interface TestInvoice {
  invoiceId: string;
  number: string;
  programId: string;
  totalGrossCents: number;
  /** Each structure's share (its lines' face value). */
  shares: Map<string, number>;
}

interface Harness {
  app: INestApplicationContext;
  dataSource: DataSource;
}

/**
 * A new program of the funder whose vouchers were redeemed on completed bookings, `vouchers` of them
 * per structure (redeemVouchers: with their accrual journals). At `redeemedAt` (default 15 October
 * 2026, which createTestInvoice invoices; a date after October keeps them out of its runs).
 */
export async function redeemVouchersOnBookings(
  harness: Pick<Harness, 'dataSource'>,
  options: { funderId: string; structures: { structureId: string; vouchers: number }[]; operatorRateBp?: number; redeemedAt?: string },
): Promise<{ programId: string }> {
  const { dataSource } = harness;
  const admin = await createUser(dataSource, { role: 'admin' });
  const count = options.structures.reduce((sum, s) => sum + s.vouchers, 0);
  const { programId, codes } = await createProgramWithVouchers(dataSource, {
    funderId: options.funderId,
    createdBy: admin.id,
    validFrom: '2026-01-01',
    validUntil: '2027-12-31',
    count,
  });
  await dataSource.query('UPDATE voucher_programs SET operator_rate_bp = $2 WHERE id = $1', [programId, options.operatorRateBp ?? 1000]);
  const bookingIds: string[] = [];
  for (const { structureId, vouchers } of options.structures) {
    const place = await createPlace(dataSource, structureId);
    const offer = await createOffer(dataSource, place);
    for (let i = 0; i < vouchers; i += 1) {
      bookingIds.push((await createCompletedBooking(dataSource, { id: offer.id, structureId, placeId: place.id, procedureCode: 'carte-grise-changement-titulaire' })).id);
    }
  }
  await redeemVouchers(dataSource, { codes, on: { bookingIds }, redeemedBy: admin.id, redeemedAt: options.redeemedAt ?? '2026-10-15T10:00:00+02:00' });
  return { programId };
}

/** An invoice of the funder for these structures' redeemed vouchers, issued by the real invoicing run (one call at a time: a run invoices every program it finds). */
export async function createTestInvoice(
  harness: Harness,
  options: { funderId: string; structures: { structureId: string; vouchers: number }[]; operatorRateBp?: number },
): Promise<TestInvoice> {
  const { programId } = await redeemVouchersOnBookings(harness, options);
  const summary = await harness.app.get(InvoicingRunService).run('system', '2026-10', new Date('2026-11-01T06:00:00+01:00'));
  const created = summary.created.find((c) => c.programId === programId);
  if (!created) throw new Error(`no invoice for program ${programId}: ${JSON.stringify(summary)}`);
  return {
    invoiceId: created.invoiceId,
    number: created.number,
    programId,
    totalGrossCents: created.totalGrossCents,
    shares: new Map(options.structures.map((s) => [s.structureId, s.vouchers * FACE_VALUE_CENTS])),
  };
}
