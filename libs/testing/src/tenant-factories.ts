import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A two-hour closure of one offer, starting 24 hours from now. */
export async function createClosure(dataSource: DataSource, offerId: string, createdBy: string): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO closures (offer_id, starts_at, ends_at, reason, created_by)
     VALUES ($1, now() + interval '1 day', now() + interval '1 day 2 hours', 'Formation', $2) RETURNING id`,
    [offerId, createdBy],
  );
  return row.id as string;
}

/**
 * Redeems an issued voucher against a booking, as RedemptionService records it (the harness may
 * write the rows; procedure, structure and département come from the booking and its place).
 */
export async function createRedemption(
  dataSource: DataSource,
  options: { code: string; bookingId: string; redeemedBy: string; redeemedAt?: Date },
): Promise<string> {
  const [row] = await dataSource.query(
    `WITH v AS (UPDATE vouchers SET status = 'redeemed', updated_at = now() WHERE code = $1 AND status IN ('issued', 'assigned')
                RETURNING id, program_id, face_value_cents)
     INSERT INTO voucher_redemptions (voucher_id, program_id, booking_id, structure_id, procedure_code, departement,
       face_value_cents, idempotency_key, redeemed_by, redeemed_at)
     SELECT v.id, v.program_id, b.id, b.structure_id, b.procedure_code, p.departement, v.face_value_cents, $3, $4, $5
       FROM v, bookings b JOIN places p ON p.id = b.place_id WHERE b.id = $2
     RETURNING id`,
    [options.code, options.bookingId, randomUUID(), options.redeemedBy, options.redeemedAt ?? new Date()],
  );
  if (!row) throw new Error(`voucher ${options.code} not redeemable or booking ${options.bookingId} missing`);
  return row.id as string;
}
