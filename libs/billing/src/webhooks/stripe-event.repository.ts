import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type Stripe from 'stripe';

export type StripeEventOutcome = 'applied' | 'stale' | 'recorded' | 'unknown_account' | 'unknown_payment' | 'overpaid';

export interface StoredStripeEvent {
  id: string;
  type: string;
  account: string | null;
  stripeCreatedAt: Date;
  payload: Stripe.Event;
  processedAt: Date | null;
}

@Injectable()
export class StripeEventRepository {
  /** True when the event is new; a redelivery (same id) inserts nothing. */
  async insertOnce(manager: EntityManager, event: Stripe.Event): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO stripe_events (id, type, account, livemode, stripe_created_at, payload)
       VALUES ($1, $2, $3, $4, to_timestamp($5), $6)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.account ?? null, event.livemode, event.created, JSON.stringify(event)],
    );
    return rows.length === 1;
  }

  /** The event, locked until the caller's transaction ends (one processor at a time). */
  async lock(manager: EntityManager, id: string): Promise<StoredStripeEvent | null> {
    const rows: { id: string; type: string; account: string | null; stripe_created_at: Date; payload: Stripe.Event; processed_at: Date | null }[] =
      await manager.query(
        'SELECT id, type, account, stripe_created_at, payload, processed_at FROM stripe_events WHERE id = $1 FOR UPDATE',
        [id],
      );
    const row = rows[0];
    if (!row) return null;
    return { id: row.id, type: row.type, account: row.account, stripeCreatedAt: row.stripe_created_at, payload: row.payload, processedAt: row.processed_at };
  }

  async markProcessed(manager: EntityManager, id: string, outcome: StripeEventOutcome): Promise<void> {
    await manager.query('UPDATE stripe_events SET processed_at = now(), outcome = $2 WHERE id = $1', [id, outcome]);
  }
}
