import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { InvoicingRunService, Ledger, redemptionAccrued } from '@passerelle/billing';
import { TransactionRunner } from '@passerelle/database';
import { createOffer, createPlace } from './catalog-factories';
import { createUser } from './factories';
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
 * Redeems `vouchers` vouchers of a new program of the funder per structure, on completed bookings, by
 * SQL, with the accrual journal of a redemption. At `redeemedAt` (default 15 October 2026, which
 * createTestInvoice invoices; a date after October keeps them out of its runs).
 */
export async function redeemVouchersOnBookings(
  harness: Harness,
  options: { funderId: string; structures: { structureId: string; vouchers: number }[]; operatorRateBp?: number; redeemedAt?: string },
): Promise<{ programId: string }> {
  const { dataSource, app } = harness;
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
  const transactions = app.get(TransactionRunner);
  const ledger = app.get(Ledger);
  const redeemedAt = options.redeemedAt ?? '2026-10-15T10:00:00+02:00';
  let next = 0;
  for (const { structureId, vouchers } of options.structures) {
    const place = await createPlace(dataSource, structureId);
    const offer = await createOffer(dataSource, place);
    for (let i = 0; i < vouchers; i += 1) {
      const booking = await createCompletedBooking(dataSource, { id: offer.id, structureId, placeId: place.id, procedureCode: 'carte-grise-changement-titulaire' });
      const code = codes[next++]!;
      await transactions.run(async (tx) => {
        const [row]: { id: string }[] = await tx.query(
          `WITH v AS (UPDATE vouchers SET status = 'redeemed' WHERE code = $1 RETURNING id)
           INSERT INTO voucher_redemptions (voucher_id, program_id, booking_id, structure_id, procedure_code, departement, face_value_cents,
             idempotency_key, redeemed_by, redeemed_at)
           SELECT v.id, $2, $3, $4, 'carte-grise-changement-titulaire', '75', $5, gen_random_uuid()::text, $6, $7 FROM v RETURNING id`,
          [code, programId, booking.id, structureId, FACE_VALUE_CENTS, admin.id, redeemedAt],
        );
        await ledger.post(
          tx,
          redemptionAccrued({ redemptionId: row!.id, funderId: options.funderId, structureId, amountCents: FACE_VALUE_CENTS, occurredAt: new Date(redeemedAt) }),
        );
      });
    }
  }
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
