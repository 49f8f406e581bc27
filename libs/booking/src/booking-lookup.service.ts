import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BookingLookupRepository } from './booking-lookup.repository';

export type BookingStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show';

/** What another context (vouchers) may know of a booking to decide on a redemption. */
export interface BookingForRedemption {
  id: string;
  structureId: string;
  placeId: string;
  procedureCode: string;
  procedureCategory: string;
  /** Département of the booking's place. */
  departement: string;
  status: BookingStatus;
  startsAt: Date;
  completedAt: Date | null;
  beneficiaryUserId: string | null;
}

/**
 * Read access to bookings for other bounded contexts: they call this service, never the bookings
 * table. Pass the caller's transaction manager to read inside it.
 */
@Injectable()
export class BookingLookupService {
  constructor(private readonly repository: BookingLookupRepository) {}

  async findForRedemption(bookingId: string, manager?: EntityManager): Promise<BookingForRedemption | null> {
    const row = await this.repository.findForRedemption(bookingId, manager);
    if (!row) return null;
    return {
      id: row.id,
      structureId: row.structure_id,
      placeId: row.place_id,
      procedureCode: row.procedure_code,
      procedureCategory: row.category_code,
      departement: row.departement,
      status: row.status as BookingStatus,
      startsAt: row.starts_at,
      completedAt: row.completed_at,
      beneficiaryUserId: row.beneficiary_user_id,
    };
  }
}
