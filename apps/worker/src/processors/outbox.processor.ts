import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { OUTBOX_PRUNE_JOB, OUTBOX_QUEUE, OutboxPruner } from '@passerelle/outbox';
import { LoggedWorkerHost } from './logged-worker-host';

/**
 * The outbox queue: the pruning of relayed messages (produced by the job scheduler, no payload).
 * One at a time; each batch commits on its own, so a job cut short is finished by the next one.
 */
@Processor(OUTBOX_QUEUE, { concurrency: 1 })
export class OutboxProcessor extends LoggedWorkerHost {
  constructor(private readonly pruner: OutboxPruner) {
    super(OutboxProcessor.name);
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== OUTBOX_PRUNE_JOB) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${OUTBOX_QUEUE}`);
    const deleted = await this.pruner.prune();
    if (deleted > 0) this.logger.log({ jobId: job.id, deleted }, 'relayed outbox messages pruned');
    return { deleted };
  }
}
