import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VoucherExpiryService } from '@passerelle/vouchers';
import { LoggedWorkerHost } from './logged-worker-host';

/**
 * The vouchers queue: the expiry sweep (produced by the job scheduler, no payload). One at a time;
 * the sweep commits batch by batch, so a job cut short is simply finished by the next one.
 */
@Processor(VOUCHERS_QUEUE, { concurrency: 1 })
export class VouchersProcessor extends LoggedWorkerHost {
  constructor(private readonly expiry: VoucherExpiryService) {
    super(VouchersProcessor.name);
  }

  async process(job: Job): Promise<{ expired: number }> {
    if (job.name !== VOUCHER_EXPIRY_JOB) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${VOUCHERS_QUEUE}`);
    const expired = await this.expiry.sweep();
    if (expired > 0) this.logger.log({ jobId: job.id, expired }, 'vouchers expired');
    return { expired };
  }
}
