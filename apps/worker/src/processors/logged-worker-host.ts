import { Logger } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

/** A dead Redis makes the worker report an error every second; say it at most this often. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * What every processor logs of its queue: failed jobs (and whether they will be retried), and Redis
 * errors at most every 30 s. @nestjs/bullmq finds these handlers on the parent class too.
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  protected readonly logger: Logger;
  private lastErrorLoggedAt = 0;

  protected constructor(name: string) {
    super();
    this.logger = new Logger(name);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const willRetry = job.attemptsMade < (job.opts.attempts ?? 1) && error.name !== 'UnrecoverableError';
    this.logger.warn(
      { jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, willRetry, reason: error.message },
      willRetry ? 'job failed; will retry' : 'job failed for good',
    );
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
