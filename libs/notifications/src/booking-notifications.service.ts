import { Injectable, Logger } from '@nestjs/common';
import { BookingNoticeService, type BookingNotice } from '@passerelle/booking';
import { AppConfig } from '@passerelle/config';
import { UserDirectory } from '@passerelle/identity';
import { DeliverOnce, describeError } from './deliver-once';
import { Mailer, type SendOptions } from './mailer';
import type { NotificationChannel } from './notification-log.entity';
import { SmsSender } from './sms';
import {
  bookingSms,
  renderBookingCancelled,
  renderBookingConfirmation,
  renderBookingReminder,
  type BookingMessageData,
} from './templates/booking-emails';

export type BookingNotificationKind = 'confirmation' | 'reminder' | 'cancelled';

const RENDER = { confirmation: renderBookingConfirmation, reminder: renderBookingReminder, cancelled: renderBookingCancelled };

interface Recipient {
  channel: NotificationChannel;
  address: string;
  userId: string | null;
  /** Stable part of the dedup key: who, not how to reach them (an email may change between retries). */
  who: string;
}

export type BookingNotificationOutcome = 'done' | 'skipped';

/**
 * Booking confirmation, reminder and cancellation notice. Each recipient's message is sent once
 * (notification_log row per booking, kind and recipient), its status logged; a failure fails the
 * job after the other recipients were tried, and the job retries with backoff. The booking itself
 * never waits for any of this: jobs come from the outbox after it committed.
 */
@Injectable()
export class BookingNotificationsService {
  private readonly logger = new Logger(BookingNotificationsService.name);

  constructor(
    private readonly notices: BookingNoticeService,
    private readonly users: UserDirectory,
    private readonly deliverOnce: DeliverOnce,
    private readonly mailer: Mailer,
    private readonly sms: SmsSender,
    private readonly config: AppConfig,
  ) {}

  async send(kind: BookingNotificationKind, bookingId: string, options: SendOptions = {}): Promise<BookingNotificationOutcome> {
    const booking = await this.notices.find(bookingId);
    // Re-read now: a cancelled booking gets no reminder or late confirmation, a past one no reminder.
    if (!booking) return 'skipped';
    if (kind !== 'cancelled' && booking.status !== 'confirmed') return 'skipped';
    if (kind === 'reminder' && booking.startsAt <= new Date()) return 'skipped';

    const data = this.messageData(booking);
    const failures: unknown[] = [];
    for (const recipient of await this.recipients(kind, booking)) {
      try {
        await this.deliverOnce.run(
          {
            dedupKey: `booking-${kind}:${booking.id}:${recipient.channel}:${recipient.who}`,
            channel: recipient.channel,
            template: `booking-${kind}`,
            recipientUserId: recipient.userId,
          },
          () =>
            recipient.channel === 'email'
              ? this.mailer.send({ to: recipient.address, ...RENDER[kind](data) }, options)
              : this.sms.send({ to: recipient.address, text: bookingSms(kind, data) }),
        );
      } catch (error) {
        this.logger.warn({ bookingId, kind, channel: recipient.channel, reason: describeError(error) }, 'booking notification not sent; will retry');
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
    return 'done';
  }

  private messageData(booking: BookingNotice): BookingMessageData {
    return {
      reference: booking.reference,
      startsAt: booking.startsAt,
      procedureTitle: booking.procedureTitle,
      placeName: booking.placeName,
      placeAddress: booking.placeAddress,
      placePhone: booking.placePhone,
      checklist: booking.checklist,
      bookingsUrl: new URL('/rendez-vous', this.config.http.publicBaseUrl).toString(),
      cancellationDeadlineMinutes: this.config.booking.cancellationDeadlineMinutes,
      cancelReason: booking.cancelReason,
    };
  }

  /**
   * Confirmation and reminder: the person (email with an account, SMS otherwise) and, for the
   * confirmation, the prescriber who booked. Cancellation: the other side — the person (and their
   * prescriber) when the structure cancelled, the place's contact address when they did.
   */
  private async recipients(kind: BookingNotificationKind, booking: BookingNotice): Promise<Recipient[]> {
    const person = await this.person(booking);
    const prescriber = booking.bookedAs === 'prescriber' && booking.bookedBy ? await this.userEmail(booking.bookedBy) : null;
    if (kind === 'reminder') return person;
    if (kind === 'confirmation') return [...person, ...(prescriber ? [prescriber] : [])];
    const cancelledByPersonSide =
      booking.cancelledBy !== null &&
      (booking.cancelledBy === booking.beneficiaryUserId || (booking.bookedAs === 'prescriber' && booking.cancelledBy === booking.bookedBy));
    if (!cancelledByPersonSide) return [...person, ...(prescriber ? [prescriber] : [])];
    return booking.placeEmail ? [{ channel: 'email', address: booking.placeEmail, userId: null, who: 'place' }] : [];
  }

  private async person(booking: BookingNotice): Promise<Recipient[]> {
    if (booking.beneficiaryUserId) {
      const email = await this.userEmail(booking.beneficiaryUserId);
      return email ? [email] : [];
    }
    return booking.beneficiaryPhone ? [{ channel: 'sms', address: booking.beneficiaryPhone, userId: null, who: 'phone' }] : [];
  }

  private async userEmail(userId: string): Promise<Recipient | null> {
    const contact = await this.users.findContact(userId);
    return contact ? { channel: 'email', address: contact.email, userId, who: userId } : null;
  }
}
