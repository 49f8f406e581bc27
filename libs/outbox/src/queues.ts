/** Queue and job names shared by producers (through the outbox) and the worker's processors. */
export const NOTIFICATIONS_QUEUE = 'notifications';

/** The outbox's own upkeep: deleting relayed messages past their retention (a job scheduler, no payload). */
export const OUTBOX_QUEUE = 'outbox';
export const OUTBOX_PRUNE_JOB = 'outbox-prune';
export const OUTBOX_PRUNE_SCHEDULER = 'outbox-prune';

export const WELCOME_EMAIL_JOB = 'welcome-email';

/** What an outbox message may carry: BullMQ stores it in clear text in Redis, so ids only. */
export type OutboxPayload = Record<string, string | number | boolean>;

export interface WelcomeEmailJob {
  userId: string;
}

export const BOOKING_CONFIRMATION_JOB = 'booking-confirmation';
export const BOOKING_REMINDER_JOB = 'booking-reminder';
export const BOOKING_CANCELLED_JOB = 'booking-cancelled';

export interface BookingJob {
  bookingId: string;
}

/** The reminder's BullMQ job id: derived from the booking, so that a cancellation can remove it. */
export function bookingReminderJobId(bookingId: string): string {
  return `booking-reminder-${bookingId}`;
}
