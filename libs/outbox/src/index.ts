export { DEFAULT_JOB_OPTIONS } from './job-options';
export { uuidOfJob } from './job-payload';
export { OutboxModule } from './outbox.module';
export { OUTBOX_PRUNE_BATCH, OutboxPruner } from './outbox-pruner.service';
export { OutboxRelay } from './outbox-relay.service';
export { OutboxWriter, type OutboxMessage } from './outbox-writer.service';
export { QueueRegistry } from './queue-registry.service';
export {
  BOOKING_CANCELLED_JOB,
  BOOKING_CONFIRMATION_JOB,
  BOOKING_REMINDER_JOB,
  NOTIFICATIONS_QUEUE,
  OUTBOX_PRUNE_JOB,
  OUTBOX_PRUNE_SCHEDULER,
  OUTBOX_QUEUE,
  WELCOME_EMAIL_JOB,
  bookingReminderJobId,
  type BookingJob,
  type OutboxPayload,
  type WelcomeEmailJob,
} from './queues';
