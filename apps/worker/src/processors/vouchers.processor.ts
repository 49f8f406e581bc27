import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VoucherExpiryService } from '@passerelle/vouchers';

/** A dead Redis makes the worker report an error every second; say it at most this often. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The vouchers queue: the expiry sweep (produced by the job scheduler, no payload). One at a time;
 * the sweep commits batch by batch, so a job cut short is simply finished by the next one.
 */
@Processor(VOUCHERS_QUEUE, { concurrency: 1 })
export class VouchersProcessor extends WorkerHost {
  private readonly logger = new Logger(VouchersProcessor.name);
  private lastErrorLoggedAt = 0;

  constructor(private readonly expiry: VoucherExpiryService) {
    super();
  }

  async process(job: Job): Promise<{ expired: number }> {
    if (job.name !== VOUCHER_EXPIRY_JOB) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${VOUCHERS_QUEUE}`);
    const expired = await this.expiry.sweep();
    if (expired > 0) this.logger.log({ jobId: job.id, expired }, 'vouchers expired');
    return { expired };
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (job) this.logger.warn({ jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, reason: error.message }, 'job failed');
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    // Without a listener, a Redis hiccup would be an unhandled 'error' event and kill the process.
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLoggedAt = now;
    this.logger.error({ reason: error.message }, 'queue error (Redis unreachable?); BullMQ keeps reconnecting');
  }
}
