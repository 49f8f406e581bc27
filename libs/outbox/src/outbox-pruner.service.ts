import { Injectable } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { OutboxRepository } from './outbox.repository';

/** Rows per DELETE: each statement is short, so it never holds many locks or a long transaction. */
export const OUTBOX_PRUNE_BATCH = 1_000;

/**
 * Deletes the outbox messages relayed more than OUTBOX_RETENTION_DAYS ago (kept that long to see
 * what was sent when). Messages not relayed yet are never touched, whatever their age.
 */
@Injectable()
export class OutboxPruner {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
  ) {}

  async prune(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.worker.outboxRetentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      const deleted = await this.outbox.deleteRelayedBefore(cutoff, OUTBOX_PRUNE_BATCH);
      total += deleted;
      if (deleted < OUTBOX_PRUNE_BATCH) return total;
    }
  }
}
