import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { OUTBOX_PRUNE_JOB, OUTBOX_QUEUE, OutboxPruner } from '@passerelle/outbox';

/** A dead Redis makes the worker report an error every second; say it at most this often. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The outbox queue: the pruning of relayed messages (produced by the job scheduler, no payload).
 * One at a time; each batch commits on its own, so a job cut short is finished by the next one.
 */
@Processor(OUTBOX_QUEUE, { concurrency: 1 })
export class OutboxProcessor extends WorkerHost {
  private readonly logger = new Logger(OutboxProcessor.name);
  private lastErrorLoggedAt = 0;

  constructor(private readonly pruner: OutboxPruner) {
    super();
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== OUTBOX_PRUNE_JOB) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${OUTBOX_QUEUE}`);
    const deleted = await this.pruner.prune();
    if (deleted > 0) this.logger.log({ jobId: job.id, deleted }, 'relayed outbox messages pruned');
    return { deleted };
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
