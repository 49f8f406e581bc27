import { Injectable } from '@nestjs/common';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import { canSeeBooking } from './booking-access';
import { toBookingView, type BookingView } from './booking-view';
import { bookingNotFound, invalidPeriod } from './booking.errors';
import { BookingRepository, type BookingListFilter } from './booking.repository';
import { parisDay, parisDayBounds } from './slot-generation';

const LIST_LIMIT = 500;

export interface BookingListQuery {
  /** Mediators: the Paris day of the agenda ('YYYY-MM-DD'), today by default. */
  day?: string;
  /** Mediators of several structures: which one (a member's structure by default). */
  structureId?: string;
}

/** Who sees what: a beneficiary their bookings, a prescriber those they made, a mediator their structure's day. */
@Injectable()
export class BookingQueriesService {
  constructor(private readonly bookings: BookingRepository) {}

  async get(actor: Actor, bookingId: string): Promise<BookingView> {
    const booking = await this.bookings.findById(bookingId);
    if (!booking || !canSeeBooking(actor, booking)) throw bookingNotFound();
    return toBookingView(booking);
  }

  async list(actor: Actor, query: BookingListQuery): Promise<BookingView[]> {
    const rows = await this.bookings.list(this.filterFor(actor, query), LIST_LIMIT);
    return rows.map(toBookingView);
  }

  private filterFor(actor: Actor, query: BookingListQuery): BookingListFilter {
    if (hasRole(actor, 'mediator')) {
      const structureId = query.structureId ?? actor.memberships.find((membership) => membership.kind === 'structure')?.organisationId;
      // Another structure's agenda does not exist for this caller.
      if (!structureId || !isMemberOf(actor, structureId)) throw bookingNotFound();
      const day = query.day ?? parisDay(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw invalidPeriod('day : une date AAAA-MM-JJ.');
      const { startsAt, endsAt } = parisDayBounds(day);
      return { structureId, from: startsAt, to: endsAt };
    }
    if (hasRole(actor, 'prescriber')) return { bookedBy: actor.userId };
    return { beneficiaryUserId: actor.userId };
  }
}
