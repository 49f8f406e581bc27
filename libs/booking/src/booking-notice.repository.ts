import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BookingNotice } from './booking-notice';

/**
 * One read of everything a booking notification says. Joins the catalog's places and procedures
 * (read-only): the message needs the address and the procedure's title next to the booking.
 */
@Injectable()
export class BookingNoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(bookingId: string): Promise<BookingNotice | null> {
    const rows: BookingNotice[] = await this.dataSource.query(
      `SELECT b.id, b.reference, b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.checklist,
              b.beneficiary_user_id AS "beneficiaryUserId", b.beneficiary_name AS "beneficiaryName",
              b.beneficiary_phone AS "beneficiaryPhone", b.booked_by AS "bookedBy", b.booked_as AS "bookedAs",
              b.cancelled_by AS "cancelledBy", b.cancel_reason AS "cancelReason",
              pr.title AS "procedureTitle", p.name AS "placeName",
              concat_ws(', ', p.address, p.address_complement, p.postcode || ' ' || p.commune) AS "placeAddress",
              p.phone AS "placePhone", p.emails[1] AS "placeEmail"
         FROM bookings b
         JOIN places p ON p.id = b.place_id
         JOIN procedures pr ON pr.code = b.procedure_code
        WHERE b.id = $1`,
      [bookingId],
    );
    return rows[0] ?? null;
  }
}
