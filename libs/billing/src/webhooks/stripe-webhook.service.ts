import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import { OutboxWriter } from '@passerelle/outbox';
import { BILLING_QUEUE, STRIPE_EVENT_JOB } from '../billing-queue';
import { stripeEventInvalid, stripeSignatureInvalid, stripeWebhooksDisabled } from '../billing.errors';
import { StripeEventRepository } from './stripe-event.repository';

const EVENT_ID = /^evt_[A-Za-z0-9_]+$/;

/**
 * The receiving end of Stripe webhooks: verify the signature on the raw body, store the event once
 * (its id is the primary key) with an outbox row in the same transaction, answer. The worker does the
 * work, so Stripe gets its 2xx fast and a redelivery does nothing.
 */
@Injectable()
export class StripeWebhookService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly events: StripeEventRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<{ eventId: string; duplicate: boolean }> {
    const secret = this.config.stripe.webhookSecret;
    if (secret === undefined) throw stripeWebhooksDisabled();
    if (!rawBody || !signature) throw stripeSignatureInvalid();
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      throw stripeSignatureInvalid();
    }
    if (typeof event.id !== 'string' || !EVENT_ID.test(event.id) || typeof event.type !== 'string' || !Number.isInteger(event.created)) {
      throw stripeEventInvalid();
    }
    const inserted = await this.transactions.run(async (manager) => {
      if (!(await this.events.insertOnce(manager, event))) return false;
      await this.outbox.add(manager, { queue: BILLING_QUEUE, name: STRIPE_EVENT_JOB, payload: { eventId: event.id } });
      return true;
    });
    return { eventId: event.id, duplicate: !inserted };
  }
}
