import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { BILLING_QUEUE, INVOICING_RUN_CRON, INVOICING_RUN_JOB, INVOICING_RUN_SCHEDULER } from '@passerelle/billing';

/**
 * Declares the monthly invoicing run at boot (idempotent upsert: one scheduler whatever the number
 * of workers). The run itself is idempotent, so a retried or duplicated job creates nothing twice.
 */
@Injectable()
export class InvoicingRunScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(InvoicingRunScheduler.name);

  constructor(@InjectQueue(BILLING_QUEUE) private readonly queue: Queue) {
    queue.on('error', () => undefined);
  }

  /** Not awaited: with Redis away at boot the worker still starts (the next boot declares it). */
  onApplicationBootstrap(): void {
    void this.declare();
  }

  private async declare(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler(INVOICING_RUN_SCHEDULER, INVOICING_RUN_CRON, {
        name: INVOICING_RUN_JOB,
        data: {},
        opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 500 },
      });
    } catch (error) {
      this.logger.error({ reason: (error as Error).message }, 'could not declare the invoicing run scheduler');
    }
  }
}
