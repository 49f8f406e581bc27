import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { TransactionRunner } from '@passerelle/database';
import { PayoutAccountService } from '../payouts/payout-account.service';
import { PayoutPlanner } from '../payouts/payout-planner.service';
import { StripeEventRepository, type StripeEventOutcome } from './stripe-event.repository';
import { StripePaymentEvents } from './stripe-payment-events.service';

/**
 * Applies a stored Stripe event, once: the row is locked and marked processed in the same
 * transaction as its effect, so a redelivered job or a second worker finds it done. Payment events
 * record the money received (payment_intent.canceled: the invoice lets go of the intent); account.updated tracks payout readiness and releases the payout lines
 * that waited for it. Other events are only recorded.
 */
@Injectable()
export class StripeEventProcessor {
  private readonly logger = new Logger(StripeEventProcessor.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly events: StripeEventRepository,
    private readonly payoutAccounts: PayoutAccountService,
    private readonly payouts: PayoutPlanner,
    private readonly payments: StripePaymentEvents,
  ) {}

  /** The outcome, or null when the event was already processed (or is unknown). */
  async process(eventId: string): Promise<StripeEventOutcome | null> {
    return this.transactions.run(async (manager) => {
      const event = await this.events.lock(manager, eventId);
      if (!event || event.processedAt) return null;
      let outcome: StripeEventOutcome = 'recorded';
      if (event.type === 'account.updated') {
        const account = event.payload.data.object as Stripe.Account;
        outcome = await this.payoutAccounts.applyAccountState(manager, account, event.stripeCreatedAt);
        if (outcome === 'applied') await this.payouts.releaseForAccount(manager, account.id);
      } else if (this.payments.handles(event.type)) {
        outcome = await this.payments.apply(manager, event);
      } else if (event.type === 'payment_intent.canceled') {
        outcome = await this.payments.applyCanceled(manager, event);
      }
      await this.events.markProcessed(manager, eventId, outcome);
      this.logger.log({ eventId, type: event.type, outcome }, 'stripe event processed');
      return outcome;
    });
  }
}
