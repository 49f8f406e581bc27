import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import { BOOKING_CANCELLED_JOB, NOTIFICATIONS_QUEUE, OutboxWriter, bookingReminderJobId } from '@passerelle/outbox';
import type { EntityManager } from 'typeorm';
import { canSeeBooking, isBookingMediator } from './booking-access';
import { nextStatus, type BookingAction } from './booking-state';
import { toBookingView, type BookingView } from './booking-view';
import { bookingNotFound, bookingNotStarted, cancellationDeadlinePassed, reasonRequired } from './booking.errors';
import { BookingRepository, type BookingRow } from './booking.repository';

/**
 * Cancel, complete, no-show: each locks the booking, checks who may do it, asks the state machine
 * (illegal → 409), then checks the time rules. A cancellation frees the place in the slot, removes
 * the reminder job and tells the other side, all in the same transaction (through the outbox).
 */
@Injectable()
export class BookingTransitionsService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly outbox: OutboxWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** The person or their prescriber up to the deadline; the structure's mediators anytime, with a reason. */
  cancel(actor: Actor, bookingId: string, reason?: string): Promise<BookingView> {
    return this.transition(actor, bookingId, 'cancel', async (booking, tx) => {
      const byMediator = isBookingMediator(actor, booking);
      const cleanReason = reason?.trim() || null;
      if (byMediator && !cleanReason) throw reasonRequired();
      const deadlineMinutes = this.config.booking.cancellationDeadlineMinutes;
      if (!byMediator && Date.now() > booking.startsAt.getTime() - deadlineMinutes * 60_000) {
        throw cancellationDeadlinePassed(deadlineMinutes);
      }
      const updated = await this.bookings.setStatus(booking.id, { status: 'cancelled', cancelledBy: actor.userId, cancelReason: cleanReason }, tx);
      await this.bookings.releasePlace(booking.offerId, booking.startsAt, tx);
      await this.outbox.remove(tx, { queue: NOTIFICATIONS_QUEUE, jobId: bookingReminderJobId(booking.id) });
      await this.outbox.add(tx, { queue: NOTIFICATIONS_QUEUE, name: BOOKING_CANCELLED_JOB, payload: { bookingId: booking.id } });
      return updated;
    });
  }

  complete(actor: Actor, bookingId: string): Promise<BookingView> {
    return this.afterStart(actor, bookingId, 'complete');
  }

  noShow(actor: Actor, bookingId: string): Promise<BookingView> {
    return this.afterStart(actor, bookingId, 'no_show');
  }

  /** Only the structure's mediators, once the appointment has started. */
  private afterStart(actor: Actor, bookingId: string, action: 'complete' | 'no_show'): Promise<BookingView> {
    return this.transition(actor, bookingId, action, async (booking, tx) => {
      if (!isBookingMediator(actor, booking)) throw bookingNotFound();
      if (booking.startsAt.getTime() > Date.now()) throw bookingNotStarted();
      return this.bookings.setStatus(booking.id, { status: action === 'complete' ? 'completed' : 'no_show' }, tx);
    });
  }

  private async transition(
    actor: Actor,
    bookingId: string,
    action: BookingAction,
    apply: (booking: BookingRow, tx: EntityManager) => Promise<BookingRow>,
  ): Promise<BookingView> {
    const updated = await this.transactions.run(async (tx) => {
      const booking = await this.bookings.lockById(bookingId, tx);
      if (!booking || !canSeeBooking(actor, booking)) throw bookingNotFound();
      nextStatus(booking.status, action);
      const result = await apply(booking, tx);
      await this.audit.record(
        actor,
        { action: `booking.${action}`, objectType: 'booking', objectId: booking.id, details: { from: booking.status, to: result.status } },
        tx,
      );
      return result;
    });
    return toBookingView(updated);
  }
}
