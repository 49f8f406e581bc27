import type { JobsOptions } from 'bullmq';

/**
 * Every relayed job retries with backoff (about 8 minutes in all). Finished jobs are kept a day so
 * that re-relaying an outbox id (crash between enqueue and commit) is still deduplicated by BullMQ.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400 },
} as const satisfies JobsOptions;
