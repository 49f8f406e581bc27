/** The billing queue and its jobs (ids only in payloads: BullMQ keeps them in clear text in Redis). */
export const BILLING_QUEUE = 'billing';

/** `{ eventId }`: apply a stored Stripe event. */
export const STRIPE_EVENT_JOB = 'stripe-event';

/** `{ period?: 'YYYY-MM' }`: invoice a month; without a period, the month before the job was created (Europe/Paris). */
export const INVOICING_RUN_JOB = 'invoicing-run';
export const INVOICING_RUN_SCHEDULER = 'invoicing-monthly';
/** The 1st of each month at 06:00 Europe/Paris, for the previous month. */
export const INVOICING_RUN_CRON = { pattern: '0 6 1 * *', tz: 'Europe/Paris' } as const;

/** `{ payoutLineId }`: send one structure's share of a paid invoice (one Stripe transfer per payout line). */
export const PAYOUT_TRANSFER_JOB = 'payout-transfer';

/** `{ invoiceId }`: bring the invoice's open PaymentIntent to what is still due (after a bank transfer was recorded), or cancel it. */
export const PAYMENT_INTENT_SYNC_JOB = 'payment-intent-sync';
