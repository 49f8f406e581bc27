import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@passerelle/database';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import type { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';
import { QueueRegistry } from './queue-registry.service';

/**
 * BullMQ waits for a Redis it never reached (offline queue or not); the relay holds row locks, so
 * it gives up instead. An add that lands after its timeout is harmless: see the job id below.
 */
const ENQUEUE_TIMEOUT_MS = 3000;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not accept the job within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Moves committed outbox messages to BullMQ. Concurrent relays never take the same row (SKIP
 * LOCKED), and the BullMQ job id is the outbox id (or the message's own job id), so a crash between
 * enqueue and commit only re-adds a job BullMQ already holds and ignores, or removes one twice.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueRegistry,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Relays up to `limit` of the oldest unpublished messages; returns how many were published. */
  relayBatch(limit = 100): Promise<number> {
    return this.transactions.run(async (tx) => {
      const messages = await this.outbox.claimUnpublished(limit, tx);
      let published = 0;
      for (const message of messages) {
        try {
          await withTimeout(this.publish(message), ENQUEUE_TIMEOUT_MS);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await this.outbox.recordFailure(message.id, reason, tx);
          this.logger.warn({ outboxId: message.id, queue: message.queue, reason }, 'outbox message not enqueued; will retry');
          // Redis is most likely away: the remaining rows would fail the same way, and stay for later.
          break;
        }
        await this.outbox.markPublished(message.id, tx);
        published++;
      }
      return published;
    });
  }

  private async publish(message: OutboxMessageEntity): Promise<void> {
    const queue = this.queues.get(message.queue);
    const jobId = message.jobId ?? message.id;
    if (message.operation === 'remove') {
      // Idempotent: removing a job that is gone (or never came) does nothing.
      await queue.remove(jobId);
      return;
    }
    const delay = message.runAt ? Math.max(0, message.runAt.getTime() - Date.now()) : undefined;
    await queue.add(message.jobName, message.payload, { ...DEFAULT_JOB_OPTIONS, jobId, ...(delay && { delay }) });
  }
}
