import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { BookingStatus } from './booking-lookup.service';

export interface BookingRow {
  id: string;
  reference: string;
  offerId: string;
  structureId: string;
  placeId: string;
  procedureCode: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  pricingKind: 'funded' | 'commercial';
  priceCents: number;
  beneficiaryUserId: string | null;
  beneficiaryName: string | null;
  beneficiaryPhone: string | null;
  bookedBy: string | null;
  bookedAs: 'beneficiary' | 'prescriber' | 'mediator';
  checklist: unknown[];
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  completedAt: Date | null;
  createdAt: Date;
}

export type NewBookingRow = Omit<BookingRow, 'status' | 'cancelledAt' | 'cancelledBy' | 'cancelReason' | 'completedAt' | 'createdAt'> & {
  personKey: string;
};

const COLUMNS = `id, reference, offer_id AS "offerId", structure_id AS "structureId", place_id AS "placeId",
  procedure_code AS "procedureCode", starts_at AS "startsAt", ends_at AS "endsAt", status, pricing_kind AS "pricingKind",
  price_cents::int AS "priceCents", beneficiary_user_id AS "beneficiaryUserId", beneficiary_name AS "beneficiaryName",
  beneficiary_phone AS "beneficiaryPhone", booked_by AS "bookedBy", booked_as AS "bookedAs", checklist,
  cancelled_at AS "cancelledAt", cancelled_by AS "cancelledBy", cancel_reason AS "cancelReason",
  completed_at AS "completedAt", created_at AS "createdAt"`;

/** The name of the constraint a statement violated (unique, check…), if that is why it failed. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { constraint?: string } | undefined)?.constraint;
}

/** Which bookings a list covers; exactly one criterion is set by the service from the caller. */
export type BookingListFilter =
  | { beneficiaryUserId: string }
  | { bookedBy: string }
  | { structureId: string; from: Date; to: Date };

@Injectable()
export class BookingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Takes one place in the slot: creates its occupancy row or increments it while it is below
   * capacity, in one statement. Concurrent callers queue on the row; false when the slot is full.
   * The capacity is the opening rule's at booking time, so a mediator who changes it changes the
   * slot's too (lowered below what is booked, the slot is simply full).
   */
  async takePlace(offerId: string, startsAt: Date, capacity: number, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO slot_occupancy AS s (offer_id, starts_at, capacity, booked) VALUES ($1, $2, $3, 1)
       ON CONFLICT (offer_id, starts_at) DO UPDATE SET booked = s.booked + 1, capacity = EXCLUDED.capacity
        WHERE s.booked < EXCLUDED.capacity
       RETURNING s.booked`,
      [offerId, startsAt, capacity],
    );
    return rows.length === 1;
  }

  /** Whether the slot is full as last committed: a fast answer for the many who lose a race, not a guarantee. */
  async isFull(offerId: string, startsAt: Date, capacity: number): Promise<boolean> {
    const rows: unknown[] = await this.db().query(
      'SELECT 1 FROM slot_occupancy WHERE offer_id = $1 AND starts_at = $2 AND booked >= $3',
      [offerId, startsAt, capacity],
    );
    return rows.length > 0;
  }

  async releasePlace(offerId: string, startsAt: Date, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE slot_occupancy SET booked = booked - 1 WHERE offer_id = $1 AND starts_at = $2', [offerId, startsAt]);
  }

  async insert(booking: NewBookingRow, manager: EntityManager): Promise<BookingRow> {
    const [row] = await manager.query(
      `INSERT INTO bookings (id, reference, offer_id, structure_id, place_id, procedure_code, starts_at, ends_at, pricing_kind,
                             price_cents, beneficiary_user_id, beneficiary_name, beneficiary_phone, person_key, booked_by,
                             booked_as, checklist)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING ${COLUMNS}`,
      [
        booking.id,
        booking.reference,
        booking.offerId,
        booking.structureId,
        booking.placeId,
        booking.procedureCode,
        booking.startsAt,
        booking.endsAt,
        booking.pricingKind,
        booking.priceCents,
        booking.beneficiaryUserId,
        booking.beneficiaryName,
        booking.beneficiaryPhone,
        booking.personKey,
        booking.bookedBy,
        booking.bookedAs,
        JSON.stringify(booking.checklist),
      ],
    );
    return row as BookingRow;
  }

  async findById(id: string, manager?: EntityManager): Promise<BookingRow | null> {
    const rows: BookingRow[] = await this.db(manager).query(`SELECT ${COLUMNS} FROM bookings WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lockById(id: string, manager: EntityManager): Promise<BookingRow | null> {
    const rows: BookingRow[] = await manager.query(`SELECT ${COLUMNS} FROM bookings WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async setStatus(
    id: string,
    change: { status: BookingStatus; cancelledBy?: string; cancelReason?: string | null },
    manager: EntityManager,
  ): Promise<BookingRow> {
    const [rows] = await manager.query(
      `UPDATE bookings SET status = $2, updated_at = now(),
              cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() END,
              cancelled_by = CASE WHEN $2 = 'cancelled' THEN $3::uuid END,
              cancel_reason = CASE WHEN $2 = 'cancelled' THEN $4 END,
              completed_at = CASE WHEN $2 = 'completed' THEN now() END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.status, change.cancelledBy ?? null, change.cancelReason ?? null],
    );
    return (rows as BookingRow[])[0]!;
  }

  list(filter: BookingListFilter, limit: number): Promise<BookingRow[]> {
    if ('beneficiaryUserId' in filter) {
      return this.db().query(`SELECT ${COLUMNS} FROM bookings WHERE beneficiary_user_id = $1 ORDER BY starts_at DESC LIMIT $2`, [
        filter.beneficiaryUserId,
        limit,
      ]);
    }
    if ('bookedBy' in filter) {
      return this.db().query(
        `SELECT ${COLUMNS} FROM bookings WHERE booked_by = $1 AND booked_as = 'prescriber' ORDER BY starts_at DESC LIMIT $2`,
        [filter.bookedBy, limit],
      );
    }
    return this.db().query(
      `SELECT ${COLUMNS} FROM bookings WHERE structure_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at, created_at LIMIT $4`,
      [filter.structureId, filter.from, filter.to, limit],
    );
  }
}
