/** The billing queue and its jobs (ids only in payloads: BullMQ keeps them in clear text in Redis). */
export const BILLING_QUEUE = 'billing';

/** `{ eventId }`: apply a stored Stripe event. */
export const STRIPE_EVENT_JOB = 'stripe-event';
