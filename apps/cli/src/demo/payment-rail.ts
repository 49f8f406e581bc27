/**
 * How money moves in the story, given in its context. The test plays Stripe (its test server funds
 * the intent and POSTs signed webhooks to the API, as Stripe would); the demo has no Stripe, so the
 * funder pays by bank transfer and the admin records it (`POST /admin/invoices/{id}/mark-paid`).
 */
export type PaymentRail = StripeRail | BankTransferRail;

export interface BankTransferRail {
  kind: 'bank_transfer';
}

export interface StripeRail {
  kind: 'stripe';
  /** The connected account's hosted onboarding is finished: Stripe sends the signed `account.updated`. */
  completeOnboarding(stripeAccountId: string): Promise<void>;
  /** The funder's transfer reaches its virtual IBAN: Stripe funds the intent and sends the signed payment webhooks. */
  fundPaymentIntent(paymentIntentId: string, amountCents: number): Promise<void>;
}
