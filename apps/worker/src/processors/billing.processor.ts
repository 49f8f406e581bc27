import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Queue, UnrecoverableError, type Job } from 'bullmq';
import {
  BILLING_QUEUE,
  INVOICING_RUN_JOB,
  InvoicingRunService,
  PAYMENT_INTENT_SYNC_JOB,
  PaymentIntentSync,
  PAYOUT_TRANSFER_JOB,
  PayoutTransferService,
  STRIPE_EVENT_JOB,
  StripeEventProcessor,
  previousPeriodLabel,
} from '@passerelle/billing';
import { DomainError } from '@passerelle/common';
import { uuidOfJob } from '@passerelle/outbox';
import { LoggedWorkerHost } from './logged-worker-host';

const EVENT_ID = /^evt_[A-Za-z0-9_]+$/;

function eventIdOf(job: Job): string {
  const eventId: unknown = (job.data as { eventId?: unknown } | undefined)?.eventId;
  if (typeof eventId !== 'string' || !EVENT_ID.test(eventId)) throw new UnrecoverableError(`job ${job.name} ${job.id} has no valid eventId`);
  return eventId;
}

/**
 * The job's period, or the month before the job was due (a retry next day still invoices the right
 * month). A scheduler creates its next job when the previous one starts, a month early, delayed
 * until it is due: its due time is its creation plus its delay.
 */
export function periodOf(job: Pick<Job, 'id' | 'name' | 'data' | 'timestamp' | 'opts'>): string {
  const period: unknown = (job.data as { period?: unknown } | undefined)?.period;
  if (period === undefined) return previousPeriodLabel(new Date(job.timestamp + (job.opts.delay ?? 0)));
  if (typeof period !== 'string' || !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UnrecoverableError(`job ${job.name} ${job.id} has no valid period`);
  return period;
}

/**
 * Consumes the billing queue. Each job is one short database transaction that locks its row and
 * returns early when the work is already done, so redelivery and concurrency never apply twice.
 */
@Processor(BILLING_QUEUE, { concurrency: 2 })
export class BillingProcessor extends LoggedWorkerHost {
  constructor(
    private readonly stripeEvents: StripeEventProcessor,
    private readonly invoicingRuns: InvoicingRunService,
    private readonly payoutTransfers: PayoutTransferService,
    private readonly intentSync: PaymentIntentSync,
    @InjectQueue(BILLING_QUEUE) queue: Queue,
  ) {
    super(BillingProcessor.name);
    queue.on('error', (error) => this.onError(error));
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case STRIPE_EVENT_JOB:
        return { outcome: await this.stripeEvents.process(eventIdOf(job)) };
      case INVOICING_RUN_JOB:
        return this.runInvoicing(job);
      case PAYOUT_TRANSFER_JOB:
        return this.transferPayout(job);
      case PAYMENT_INTENT_SYNC_JOB:
        return this.syncPaymentIntent(job);
      default:
        throw new UnrecoverableError(`no handler for job ${job.name} on queue ${BILLING_QUEUE}`);
    }
  }

  /** Programs that failed are rolled back whole; failing the job makes BullMQ retry them (the rest is idempotent). */
  private async runInvoicing(job: Job): Promise<{ period: string; created: number; skipped: number }> {
    const summary = await this.invoicingRuns.run('system', periodOf(job));
    if (summary.failed.length > 0) throw new Error(`invoicing ${summary.period}: ${summary.failed.length} program(s) failed`);
    return { period: summary.period, created: summary.created.length, skipped: summary.skipped.length };
  }

  /** Stripe down: retried with backoff (same idempotency key). A transfer Stripe refuses is not retried; the line stays pending. */
  private async transferPayout(job: Job): Promise<{ outcome: string }> {
    try {
      return { outcome: await this.payoutTransfers.transfer(uuidOfJob(job, 'payoutLineId')) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PAYMENT_PROVIDER_REFUSED') throw new UnrecoverableError(`${error.message} ${JSON.stringify(error.details)}`);
      throw error;
    }
  }

  /** Stripe down or the amount still moving: retried with backoff. A request Stripe refuses otherwise is not retried. */
  private async syncPaymentIntent(job: Job): Promise<{ outcome: string }> {
    try {
      return { outcome: await this.intentSync.sync(uuidOfJob(job, 'invoiceId')) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PAYMENT_PROVIDER_REFUSED') throw new UnrecoverableError(`${error.message} ${JSON.stringify(error.details)}`);
      throw error;
    }
  }
}
