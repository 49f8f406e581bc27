import type { BookingStatus } from './booking-lookup.service';
import { illegalTransition } from './booking.errors';

export type BookingAction = 'cancel' | 'complete' | 'no_show';

/**
 * The one state machine of a booking. Only a confirmed booking moves; cancelled, completed and
 * no-show are final (a mistake is corrected by support, with an audit trail, not by an endpoint).
 */
const TRANSITIONS: Record<BookingStatus, Partial<Record<BookingAction, BookingStatus>>> = {
  confirmed: { cancel: 'cancelled', complete: 'completed', no_show: 'no_show' },
  cancelled: {},
  completed: {},
  no_show: {},
};

/** The status after `action`, or a 409 ILLEGAL_TRANSITION. */
export function nextStatus(from: BookingStatus, action: BookingAction): BookingStatus {
  const to = TRANSITIONS[from][action];
  if (!to) throw illegalTransition(from, action);
  return to;
}
