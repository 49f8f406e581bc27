import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@passerelle/database';
import { NotificationLogRepository, type NotificationKey } from './notification-log.repository';

export type DeliveryOutcome = 'sent' | 'already-sent';

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

/**
 * Runs `deliver` at most once per dedup key, however many times and however concurrently it is
 * called: the notification_log row is locked while the message goes out, so a second caller waits,
 * then sees 'sent' and stops. A failure is recorded on the row (committed) and rethrown for the job
 * to be retried with backoff.
 */
@Injectable()
export class DeliverOnce {
  constructor(
    private readonly log: NotificationLogRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async run(key: NotificationKey, deliver: () => Promise<void>): Promise<DeliveryOutcome> {
    await this.log.ensure(key);
    const result = await this.transactions.run(async (tx) => {
      const entry = await this.log.lockByDedupKey(key.dedupKey, tx);
      if (!entry) throw new Error(`notification_log row ${key.dedupKey} vanished`);
      if (entry.status === 'sent') return { outcome: 'already-sent' as const };
      try {
        await deliver();
      } catch (error) {
        await this.log.recordFailure(entry.id, describeError(error), tx);
        return { outcome: 'failed' as const, error };
      }
      await this.log.markSent(entry.id, tx);
      return { outcome: 'sent' as const };
    });
    if (result.outcome === 'failed') throw result.error;
    return result.outcome;
  }
}
