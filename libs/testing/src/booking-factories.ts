import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';

/** A Paris calendar day `daysAhead` days from today, 'YYYY-MM-DD'. */
export function parisDayFromNow(daysAhead: number): string {
  return DateTime.now().setZone('Europe/Paris').plus({ days: daysAhead }).toISODate()!;
}

/** The instant of a Paris wall-clock time on a Paris day. */
export function parisInstant(day: string, time: string): Date {
  return DateTime.fromISO(`${day}T${time}`, { zone: 'Europe/Paris' }).toJSDate();
}

/** Opening rules every day of the week, `startTime`–`endTime` at `capacity` (rows written directly). */
export async function openEveryDay(
  dataSource: DataSource,
  offerId: string,
  options: { startTime?: string; endTime?: string; capacity?: number } = {},
): Promise<void> {
  for (let weekday = 1; weekday <= 7; weekday++) {
    await dataSource.query(
      'INSERT INTO opening_rules (offer_id, weekday, start_time, end_time, capacity) VALUES ($1, $2, $3, $4, $5)',
      [offerId, weekday, options.startTime ?? '09:00', options.endTime ?? '12:00', options.capacity ?? 1],
    );
  }
}

export interface BookingRow {
  id: string;
  reference: string;
  starts_at: Date;
}

/**
 * A confirmed booking written directly (any start, past ones included, which the API refuses),
 * with its place taken in slot_occupancy, for a person without an account unless a user is given.
 */
export async function createBooking(
  dataSource: DataSource,
  offer: { id: string },
  options: { startsAt: Date; beneficiaryUserId?: string; bookedBy?: string; bookedAs?: 'beneficiary' | 'prescriber' | 'mediator' },
): Promise<BookingRow> {
  const userId = options.beneficiaryUserId ?? null;
  const phone = `+336${String(randomInt(100_000_000)).padStart(8, '0')}`;
  await dataSource.query(
    `INSERT INTO slot_occupancy (offer_id, starts_at, capacity, booked) VALUES ($1, $2, 100, 1)
     ON CONFLICT (offer_id, starts_at) DO UPDATE SET booked = slot_occupancy.booked + 1`,
    [offer.id, options.startsAt],
  );
  const reference = `T${String(randomInt(1_000_000)).padStart(3, '0').slice(0, 3)}-${String(randomInt(10_000)).padStart(4, '0')}`;
  const [row] = await dataSource.query(
    `INSERT INTO bookings (reference, offer_id, structure_id, place_id, procedure_code, starts_at, ends_at, pricing_kind, price_cents,
                           beneficiary_user_id, beneficiary_name, beneficiary_phone, person_key, booked_by, booked_as)
     SELECT $2, o.id, o.structure_id, o.place_id, o.procedure_code, $3, $3::timestamptz + make_interval(mins => o.duration_minutes),
            o.pricing_kind, coalesce(o.price_cents, 0), $4, $5, $6, $7, $8, $9
       FROM offers o WHERE o.id = $1
     RETURNING id, reference, starts_at`,
    [
      offer.id,
      reference,
      options.startsAt,
      userId,
      userId ? null : 'Personne de test',
      userId ? null : phone,
      userId ? `user:${userId}` : `phone:${phone}`,
      options.bookedBy ?? userId,
      options.bookedAs ?? (userId ? 'beneficiary' : 'mediator'),
    ],
  );
  return row as BookingRow;
}

/** A two-hour closure of one offer, starting 24 hours from now. */
export async function createClosure(dataSource: DataSource, offerId: string, createdBy: string): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO closures (offer_id, starts_at, ends_at, reason, created_by)
     VALUES ($1, now() + interval '1 day', now() + interval '1 day 2 hours', 'Formation', $2) RETURNING id`,
    [offerId, createdBy],
  );
  return row.id as string;
}
