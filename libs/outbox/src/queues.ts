/** Queue and job names shared by producers (through the outbox) and the worker's processors. */
export const NOTIFICATIONS_QUEUE = 'notifications';

export const WELCOME_EMAIL_JOB = 'welcome-email';

/** What an outbox message may carry: BullMQ stores it in clear text in Redis, so ids only. */
export type OutboxPayload = Record<string, string | number | boolean>;

export interface WelcomeEmailJob {
  userId: string;
}
