export { DEFAULT_JOB_OPTIONS } from './job-options';
export { OutboxModule } from './outbox.module';
export { OutboxRelay } from './outbox-relay.service';
export { OutboxWriter, type OutboxMessage } from './outbox-writer.service';
export { QueueRegistry } from './queue-registry.service';
export { NOTIFICATIONS_QUEUE, WELCOME_EMAIL_JOB, type OutboxPayload, type WelcomeEmailJob } from './queues';
