import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateCode } from '@passerelle/vouchers';
import { createOrganisation } from './factories';

/** A funder row for an existing organisation of kind 'funder' (or a new one). */
export async function createFunder(
  dataSource: DataSource,
  options: { organisationId?: string; sector?: 'public' | 'private' } = {},
): Promise<{ id: string }> {
  const organisationId = options.organisationId ?? (await createOrganisation(dataSource, 'funder')).id;
  const siret = Array.from(randomBytes(14), (byte) => byte % 10).join('');
  await dataSource.query(
    `INSERT INTO funders (id, legal_name, siret, sector, billing_address)
     SELECT o.id, o.name, $2, $3, '1 place de la Mairie, 33000 Bordeaux' FROM organisations o WHERE o.id = $1`,
    [organisationId, siret, options.sector ?? 'public'],
  );
  return { id: organisationId };
}

/**
 * A booking of the offer's slot, 'completed' unless told otherwise, written straight to the booking
 * tables (the harness may; the vouchers context reads it through BookingLookupService).
 */
export async function createCompletedBooking(
  dataSource: DataSource,
  offer: { id: string; structureId: string; placeId: string; procedureCode: string },
  options: { status?: 'confirmed' | 'completed' | 'cancelled' | 'no_show'; beneficiaryUserId?: string; startsAt?: Date } = {},
): Promise<{ id: string }> {
  const status = options.status ?? 'completed';
  // Distinct slots: a random minute in the past year keeps parallel factories off each other's rows.
  const startsAt = options.startsAt ?? new Date(Date.now() - (1 + (randomBytes(4).readUInt32BE() % 525_600)) * 60_000);
  const endsAt = new Date(startsAt.getTime() + 45 * 60_000);
  await dataSource.query(
    `INSERT INTO slot_occupancy (offer_id, starts_at, capacity, booked) VALUES ($1, $2, 100, 1)
     ON CONFLICT (offer_id, starts_at) DO UPDATE SET booked = slot_occupancy.booked + 1`,
    [offer.id, startsAt],
  );
  const beneficiaryUserId = options.beneficiaryUserId ?? null;
  const [row] = await dataSource.query(
    `INSERT INTO bookings (reference, offer_id, structure_id, place_id, procedure_code, starts_at, ends_at, status,
       pricing_kind, price_cents, beneficiary_user_id, beneficiary_name, beneficiary_phone, person_key, booked_as,
       cancelled_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'funded', 0, $9, $10, $11, $12, 'mediator', $13, $14)
     RETURNING id`,
    [
      `PT-${randomBytes(5).toString('hex').toUpperCase()}`,
      offer.id,
      offer.structureId,
      offer.placeId,
      offer.procedureCode,
      startsAt,
      endsAt,
      status,
      beneficiaryUserId,
      beneficiaryUserId ? null : 'Josette Martin',
      beneficiaryUserId ? null : '+33612345678',
      beneficiaryUserId ? `user:${beneficiaryUserId}` : `phone:${randomBytes(6).toString('hex')}`,
      status === 'cancelled' ? new Date() : null,
      status === 'completed' ? endsAt : null,
    ],
  );
  return row as { id: string };
}

/**
 * A program and `count` issued vouchers written with SQL, for tests that run without the API (the
 * worker). Validity in Europe/Paris days, like the service computes it.
 */
export async function createProgramWithVouchers(
  dataSource: DataSource,
  options: { funderId: string; createdBy: string; validFrom: string; validUntil: string; graceDays?: number; count: number },
): Promise<{ programId: string; codes: string[] }> {
  const faceValueCents = 1000;
  const [program] = await dataSource.query(
    `INSERT INTO voucher_programs (funder_id, name, face_value_cents, budget_cents, issued_cents, valid_from, valid_until,
       grace_days, redeemable_from, redeemable_until, operator_rate_bp, created_by)
     VALUES ($1, 'Programme de test', $2, $3, $3, $4::date, $5::date, $6,
       ($4::date)::timestamp AT TIME ZONE 'Europe/Paris', ($5::date + $6::integer + 1)::timestamp AT TIME ZONE 'Europe/Paris', 400, $7)
     RETURNING id`,
    [options.funderId, faceValueCents, faceValueCents * options.count, options.validFrom, options.validUntil, options.graceDays ?? 0, options.createdBy],
  );
  const [batch] = await dataSource.query(
    'INSERT INTO voucher_batches (program_id, size, created_by) VALUES ($1, $2, $3) RETURNING id',
    [program.id, options.count, options.createdBy],
  );
  const codes = Array.from({ length: options.count }, generateCode);
  await dataSource.query(
    `INSERT INTO vouchers (code, program_id, batch_id, face_value_cents) SELECT unnest($1::text[]), $2, $3, $4`,
    [codes, program.id, batch.id, faceValueCents],
  );
  return { programId: program.id, codes };
}
