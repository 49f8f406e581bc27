import type { OnModuleDestroy } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Queue, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { AppConfig } from '@passerelle/config';
import { OFFERS_SUSPENDED_OVER_CAP_JOB, type SuspensionEvent } from '@passerelle/catalog';
import { BookingNotificationsService, OfferSuspensionNotificationsService, WelcomeEmailService } from '@passerelle/notifications';
import {
  BOOKING_CANCELLED_JOB,
  BOOKING_CONFIRMATION_JOB,
  BOOKING_REMINDER_JOB,
  NOTIFICATIONS_QUEUE,
  WELCOME_EMAIL_JOB,
  uuidOfJob,
} from '@passerelle/outbox';
import { isUuid } from '@passerelle/common';
import { LoggedWorkerHost } from './logged-worker-host';

/** Payloads carry ids only; anything else is a producer bug that no retry will fix. */
function userIdOf(job: Job): string {
  const userId: unknown = (job.data as { userId?: unknown } | undefined)?.userId;
  if (typeof userId !== 'string' || !isUuid(userId)) {
    throw new UnrecoverableError(`job ${job.name} ${job.id} has no valid userId`);
  }
  return userId;
}

/** A suspension notice's event: the lowered cap's history row or the place's move. */
function suspensionEventOf(job: Job): SuspensionEvent {
  const data = job.data as Record<string, unknown> | undefined;
  return data?.capHistoryId !== undefined ? { capHistoryId: uuidOfJob(job, 'capHistoryId') } : { placeMoveId: uuidOfJob(job, 'placeMoveId') };
}

/** Time for aborted jobs to hand themselves back once shutdown has run out of patience. */
const RELEASE_GRACE_MS = 5000;
function settlesWithin<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Consumes the notifications queue. Email sends are network-bound, so a few run side by side; the
 * services make each one idempotent, so concurrency and redelivery never double-send.
 */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4 })
export class NotificationsProcessor extends LoggedWorkerHost implements OnModuleDestroy {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly welcomeEmail: WelcomeEmailService,
    private readonly bookingNotifications: BookingNotificationsService,
    private readonly offerSuspensions: OfferSuspensionNotificationsService,
    private readonly config: AppConfig,
    @InjectQueue(NOTIFICATIONS_QUEUE) queue: Queue,
  ) {
    super(NotificationsProcessor.name);
    // This producer is unused here (registering it is what enables the processor), but its
    // connection reports Redis outages too: without a listener BullMQ prints raw stack traces.
    queue.on('error', (error) => this.onError(error));
  }

  // Three parameters: BullMQ only hands a processor the abort signal when it declares one.
  process(job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    const run = this.dispatch(job, token, signal);
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  private async dispatch(job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    if (this.stopping && token) {
      // Fetched after shutdown began (a fetch already in flight when the worker paused): not ours to start.
      return this.release(job, token);
    }
    try {
      switch (job.name) {
        case WELCOME_EMAIL_JOB:
          return await this.welcomeEmail.send(userIdOf(job), { signal });
        case BOOKING_CONFIRMATION_JOB:
          return await this.bookingNotifications.send('confirmation', uuidOfJob(job, 'bookingId'), { signal });
        case BOOKING_REMINDER_JOB:
          return await this.bookingNotifications.send('reminder', uuidOfJob(job, 'bookingId'), { signal });
        case BOOKING_CANCELLED_JOB:
          return await this.bookingNotifications.send('cancelled', uuidOfJob(job, 'bookingId'), { signal });
        case OFFERS_SUSPENDED_OVER_CAP_JOB:
          return await this.offerSuspensions.send(suspensionEventOf(job), uuidOfJob(job, 'structureId'), { signal });
        default:
          throw new UnrecoverableError(`no handler for job ${job.name} on queue ${NOTIFICATIONS_QUEUE}`);
      }
    } catch (error) {
      // Shutdown ran out of time and aborted the job: hand it back, no attempt used, for the next worker.
      if (signal?.aborted && token) return this.release(job, token);
      throw error;
    }
  }

  private async release(job: Job, token: string): Promise<never> {
    await job.moveToWait(token);
    this.logger.warn({ jobId: job.id, job: job.name }, 'job released to the queue at shutdown');
    // Tells BullMQ the job already left the active list: neither completed nor failed.
    throw new WaitingError();
  }

  /**
   * Runs before any connection closes (they close in onApplicationShutdown): stop taking jobs, let
   * running ones finish, and after WORKER_SHUTDOWN_TIMEOUT_MS abort them, which hands their jobs back
   * to the queue. BullMQ's own graceful close() cannot be bounded (and never returns while Redis is
   * down), so it is called only once nothing runs, and forced when Redis is away. @nestjs/bullmq's
   * close on shutdown then gets the same, settled, promise.
   */
  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.stopping = true;
    await worker.pause(true);
    const timeoutMs = this.config.worker.shutdownTimeoutMs;
    if (!(await settlesWithin(this.idle(), timeoutMs, false))) {
      this.logger.warn({ timeoutMs, running: this.running.size }, 'jobs still running at shutdown; releasing them');
      worker.cancelAllJobs('worker shutting down');
      if (!(await settlesWithin(this.idle(), RELEASE_GRACE_MS, false))) {
        this.logger.error({ running: this.running.size }, 'jobs did not stop; they will be retried once their lock expires');
      }
    }
    const redisReady = await settlesWithin(
      worker.getBackend().client.then((client) => client.status === 'ready'),
      1000,
      false,
    );
    await worker.close(!redisReady || this.running.size > 0);
  }

  private async idle(): Promise<true> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    return true;
  }
}
