import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { TransactionRunner } from '@passerelle/database';
import { PayoutAccountService } from '../payouts/payout-account.service';
import { StripeEventRepository, type StripeEventOutcome } from './stripe-event.repository';

/**
 * Applies a stored Stripe event, once: the row is locked and marked processed in the same
 * transaction as its effect, so a redelivered job or a second worker finds it done.
 * Payment events are recorded only until invoices take payments (the invoicing slice).
 */
@Injectable()
export class StripeEventProcessor {
  private readonly logger = new Logger(StripeEventProcessor.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly events: StripeEventRepository,
    private readonly payoutAccounts: PayoutAccountService,
  ) {}

  /** The outcome, or null when the event was already processed (or is unknown). */
  async process(eventId: string): Promise<StripeEventOutcome | null> {
    return this.transactions.run(async (manager) => {
      const event = await this.events.lock(manager, eventId);
      if (!event || event.processedAt) return null;
      let outcome: StripeEventOutcome = 'recorded';
      if (event.type === 'account.updated') {
        outcome = await this.payoutAccounts.applyAccountState(manager, event.payload.data.object as Stripe.Account, event.stripeCreatedAt);
      }
      await this.events.markProcessed(manager, eventId, outcome);
      this.logger.log({ eventId, type: event.type, outcome }, 'stripe event processed');
      return outcome;
    });
  }
}
