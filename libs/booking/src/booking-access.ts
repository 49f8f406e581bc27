import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import type { BookingRow } from './booking.repository';

/** A mediator of the booking's structure: sees its agenda, cancels anytime, marks done or no-show. */
export const isBookingMediator = (actor: Actor, booking: Pick<BookingRow, 'structureId'>) =>
  hasRole(actor, 'mediator') && isMemberOf(actor, booking.structureId);

/** The person booked (own account), the prescriber who booked for them, or the structure's mediators. */
export function canSeeBooking(actor: Actor, booking: BookingRow): boolean {
  return (
    (hasRole(actor, 'beneficiary') && booking.beneficiaryUserId === actor.userId) ||
    (hasRole(actor, 'prescriber') && booking.bookedAs === 'prescriber' && booking.bookedBy === actor.userId) ||
    isBookingMediator(actor, booking)
  );
}
