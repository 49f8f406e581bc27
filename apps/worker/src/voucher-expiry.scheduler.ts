import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VOUCHER_EXPIRY_SCHEDULER } from '@passerelle/vouchers';

/** How often vouchers past their grace period are swept; an interval scheduler also runs once at boot. */
export const VOUCHER_EXPIRY_EVERY_MS = 15 * 60_000;

/**
 * Declares the expiry sweep's job scheduler at boot. Upserting is idempotent, so every worker
 * instance may do it; BullMQ keeps one scheduler (and one pending job) whatever their number.
 */
@Injectable()
export class VoucherExpiryScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(VoucherExpiryScheduler.name);

  constructor(@InjectQueue(VOUCHERS_QUEUE) private readonly queue: Queue) {
    queue.on('error', () => undefined);
  }

  /** Not awaited: with Redis away at boot the worker still starts (the next boot declares it). */
  onApplicationBootstrap(): void {
    void this.declare();
  }

  private async declare(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler(
        VOUCHER_EXPIRY_SCHEDULER,
        { every: VOUCHER_EXPIRY_EVERY_MS },
        {
          name: VOUCHER_EXPIRY_JOB,
          data: {},
          opts: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 100, removeOnFail: 500 },
        },
      );
    } catch (error) {
      this.logger.error({ reason: (error as Error).message }, 'could not declare the voucher expiry scheduler');
    }
  }
}
