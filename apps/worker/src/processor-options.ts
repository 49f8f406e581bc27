import { Processor, type ProcessorOptions } from '@nestjs/bullmq';
import type { WorkerOptions } from 'bullmq';
import type { AppConfig } from '@passerelle/config';

/**
 * Where @nestjs/bullmq's @Processor() keeps its two arguments (not exported by the library; the
 * processor-options spec fails if a new version moves them).
 */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';
const WORKER_METADATA = 'bullmq:worker_metadata';

/**
 * @Processor() options are fixed where a class is declared, but the job lock comes from the
 * configuration. @nestjs/bullmq 12 has no other way in: its explorer builds each Worker from that
 * decorator's options alone (BullModule.forRoot/registerQueue give it only the connection, prefix and
 * telemetry), and WorkerHost exposes the Worker only once it runs. So each processor is declared
 * again, with its own options plus the lock and the stalled-job check interval, before the module is
 * compiled. A job whose worker died (its lock not renewed) is moved back to waiting by the next
 * check of a live worker, then retried.
 */
export function withJobLocks<T extends abstract new (...args: never[]) => unknown>(config: AppConfig, processors: T[]): T[] {
  for (const processor of processors) {
    const queue = Reflect.getMetadata(PROCESSOR_METADATA, processor) as ProcessorOptions;
    const options = (Reflect.getMetadata(WORKER_METADATA, processor) ?? {}) as Omit<WorkerOptions, 'connection'>;
    Processor(queue, { ...options, lockDuration: config.worker.jobLockMs, stalledInterval: config.worker.jobLockMs })(processor);
  }
  return processors;
}
