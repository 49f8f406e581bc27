import { startTestWorker, type TestWorker } from '@passerelle/testing';
import { BillingProcessor } from './processors/billing.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { OutboxProcessor } from './processors/outbox.processor';
import { VouchersProcessor } from './processors/vouchers.processor';

/**
 * withJobLocks re-declares the processors through @nestjs/bullmq's metadata keys (the library takes
 * worker options only from @Processor()): this fails if a new version of the library stops
 * honouring them, instead of the workers silently running with BullMQ's 30-second lock.
 */
describe('worker: the job lock of the configuration reaches every running worker', () => {
  let worker: TestWorker;
  beforeAll(async () => {
    worker = await startTestWorker({ WORKER_JOB_LOCK_MS: '4321' });
  });
  afterAll(() => worker?.close());

  it.each([
    { processor: NotificationsProcessor, name: NotificationsProcessor.name, concurrency: 4 },
    { processor: BillingProcessor, name: BillingProcessor.name, concurrency: 2 },
    { processor: VouchersProcessor, name: VouchersProcessor.name, concurrency: 1 },
    { processor: OutboxProcessor, name: OutboxProcessor.name, concurrency: 1 },
  ])('$name: WORKER_JOB_LOCK_MS as lock and stalled-check interval, its own concurrency kept', ({ processor, concurrency }) => {
    const running = worker.app.get(processor).worker;
    expect(running.isRunning()).toBe(true);
    expect(running.opts).toMatchObject({ lockDuration: 4321, stalledInterval: 4321, concurrency });
    // LoggedWorkerHost's handlers, found on the parent class: an 'error' with no listener would throw.
    expect(running.listenerCount('failed')).toBeGreaterThan(0);
    expect(running.emit('error', new Error('Redis unreachable (test)'))).toBe(true);
  });
});
