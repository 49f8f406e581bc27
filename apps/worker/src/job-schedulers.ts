import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';
import { BILLING_QUEUE, INVOICING_RUN_CRON, INVOICING_RUN_JOB, INVOICING_RUN_SCHEDULER } from '@passerelle/billing';
import { OUTBOX_PRUNE_JOB, OUTBOX_PRUNE_SCHEDULER, OUTBOX_QUEUE } from '@passerelle/outbox';
import { VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VOUCHER_EXPIRY_SCHEDULER } from '@passerelle/vouchers';

/** How often vouchers past their grace period are swept (first run as soon as the scheduler is created). */
export const VOUCHER_EXPIRY_EVERY_MS = 15 * 60_000;
/** How often relayed outbox messages past their retention are deleted (first run as soon as the scheduler is created). */
export const OUTBOX_PRUNE_EVERY_MS = 60 * 60_000;

interface Schedule {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; opts: JobSchedulerTemplateOptions };
}

/**
 * Declares the worker's job schedulers: the monthly invoicing run, the voucher expiry sweep and the
 * outbox pruning, at boot and again each time a queue's Redis connection is ready after a loss: a
 * Redis restarted without persistence has forgotten them, and nothing else would declare them again
 * before the worker's next boot. A scheduler Redis still holds with the same timing is left alone:
 * upserting it again would replace its next job, and a due one (the month's invoicing run, right
 * after an outage across 06:00 on the 1st) would then be skipped until the next month.
 */
@Injectable()
export class JobSchedulers implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedulers.name);
  private readonly schedules: Schedule[];

  constructor(
    @InjectQueue(BILLING_QUEUE) billing: Queue,
    @InjectQueue(VOUCHERS_QUEUE) vouchers: Queue,
    @InjectQueue(OUTBOX_QUEUE) outbox: Queue,
  ) {
    const removed = { removeOnComplete: 100, removeOnFail: 500 };
    this.schedules = [
      {
        queue: billing,
        id: INVOICING_RUN_SCHEDULER,
        repeat: INVOICING_RUN_CRON,
        job: { name: INVOICING_RUN_JOB, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, ...removed } },
      },
      {
        queue: vouchers,
        id: VOUCHER_EXPIRY_SCHEDULER,
        repeat: { every: VOUCHER_EXPIRY_EVERY_MS },
        job: { name: VOUCHER_EXPIRY_JOB, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, ...removed } },
      },
      {
        queue: outbox,
        id: OUTBOX_PRUNE_SCHEDULER,
        repeat: { every: OUTBOX_PRUNE_EVERY_MS },
        job: { name: OUTBOX_PRUNE_JOB, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...removed } },
      },
    ];
    for (const queue of [billing, vouchers, outbox]) queue.on('error', () => undefined);
  }

  /** Not awaited: with Redis away at boot the worker still starts, and declares them once it answers. */
  onApplicationBootstrap(): void {
    for (const queue of new Set(this.schedules.map((schedule) => schedule.queue))) void this.watch(queue);
  }

  private async watch(queue: Queue): Promise<void> {
    try {
      await queue.waitUntilReady(); // resolves once Redis first answers
    } catch {
      return; // closed before Redis ever answered (shutdown)
    }
    // The backend says 'ready' each time its connection is (re)established.
    queue.getBackend().on('ready', () => void this.declare(queue, 'Redis reconnected'));
    await this.declare(queue, 'boot');
  }

  private async declare(queue: Queue, reason: string): Promise<void> {
    for (const schedule of this.schedules.filter((candidate) => candidate.queue === queue)) {
      try {
        if (sameTiming(await queue.getJobScheduler(schedule.id), schedule.repeat)) continue;
        await queue.upsertJobScheduler(schedule.id, schedule.repeat, { name: schedule.job.name, data: {}, opts: schedule.job.opts });
      } catch (error) {
        this.logger.error({ scheduler: schedule.id, reason: (error as Error).message }, `could not declare the job scheduler (${reason})`);
      }
    }
  }
}

function sameTiming(existing: { pattern?: string; every?: number; tz?: string } | undefined, wanted: Omit<RepeatOptions, 'key'>): boolean {
  if (!existing) return false;
  return (existing.pattern ?? null) === (wanted.pattern ?? null) && (existing.every ?? null) === (wanted.every ?? null) && (existing.tz ?? null) === (wanted.tz ?? null);
}
