import { UnrecoverableError, type Job } from 'bullmq';
import { isUuid } from '@passerelle/common';

/** The uuid a job carries under `field`; anything else is a producer bug that no retry will fix. */
export function uuidOfJob(job: Job, field: string): string {
  const value: unknown = (job.data as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || !isUuid(value)) {
    throw new UnrecoverableError(`job ${job.name} ${job.id} has no valid ${field}`);
  }
  return value;
}
