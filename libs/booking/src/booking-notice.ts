import { Injectable } from '@nestjs/common';
import type { BookingStatus } from './booking-lookup.service';
import { BookingNoticeRepository } from './booking-notice.repository';

/** What notifications about a booking may say, and to whom (read by libs/notifications). */
export interface BookingNotice {
  id: string;
  reference: string;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  /** The procedure's documents when booked: [{label, condition, maxAgeDays, …}]. */
  checklist: { label: string; condition?: string | null; maxAgeDays?: number | null }[];
  beneficiaryUserId: string | null;
  beneficiaryName: string | null;
  beneficiaryPhone: string | null;
  bookedBy: string | null;
  bookedAs: 'beneficiary' | 'prescriber' | 'mediator';
  cancelledBy: string | null;
  cancelReason: string | null;
  procedureTitle: string;
  placeName: string;
  placeAddress: string;
  placePhone: string | null;
  /** The place's first public contact address: where the structure hears of cancellations. */
  placeEmail: string | null;
}

/** Read access to a booking for the notification senders. */
@Injectable()
export class BookingNoticeService {
  constructor(private readonly repository: BookingNoticeRepository) {}

  find(bookingId: string): Promise<BookingNotice | null> {
    return this.repository.find(bookingId);
  }
}
