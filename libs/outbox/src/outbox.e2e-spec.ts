import { Queue } from 'bullmq';
import { TransactionRunner } from '@passerelle/database';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { ownRedis, startTestApi, testConfig, type TestApi } from '@passerelle/testing';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox-writer.service';
import { QueueRegistry } from './queue-registry.service';

const QUEUE = 'outbox-test';

describe('transactional outbox', () => {
  let api: TestApi;
  let queue: Queue;

  beforeAll(async () => {
    api = await startTestApi();
    queue = new Queue(QUEUE, { prefix: bullPrefix(api.config), connection: redisConnectionOptions(api.config) });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await api.close();
  });

  const writer = () => api.app.get(OutboxWriter);
  const relay = () => api.app.get(OutboxRelay);
  const transactions = () => api.app.get(TransactionRunner);
  const unpublished = async () =>
    (await api.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0].n as number;

  async function relayAll(): Promise<void> {
    while ((await relay().relayBatch()) > 0);
  }

  it('enqueues nothing for a transaction that rolled back', async () => {
    const before = await queue.count();
    await expect(
      transactions().run(async (tx) => {
        await writer().add(tx, { queue: QUEUE, name: 'ping', payload: { ref: 'rolled-back' } });
        throw new Error('business failure after the write');
      }),
    ).rejects.toThrow('business failure');
    expect(await api.dataSource.query("SELECT id FROM outbox WHERE payload->>'ref' = 'rolled-back'")).toEqual([]);
    await relayAll();
    expect(await queue.count()).toBe(before);
  });

  it('enqueues a committed message exactly once, even with five relays racing', async () => {
    const ids = await transactions().run(async (tx) => {
      const written: string[] = [];
      for (let i = 0; i < 40; i++) written.push(await writer().add(tx, { queue: QUEUE, name: 'ping', payload: { ref: `race-${i}` } }));
      return written;
    });
    const published = await Promise.all(Array.from({ length: 5 }, () => relay().relayBatch(7)));
    await relayAll();
    expect(published.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    expect(await unpublished()).toBe(0);

    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
    const ours = jobs.filter((job) => String(job.data.ref).startsWith('race-'));
    expect(ours).toHaveLength(40);
    expect(new Set(ours.map((job) => job.id))).toEqual(new Set(ids));
    for (const id of ids) expect((await queue.getJob(id))?.name).toBe('ping');
  });

  it('keeps a message whose enqueue failed, with the error, and relays it once Redis answers', async () => {
    const id = await transactions().run((tx) =>
      writer().add(tx, { queue: QUEUE, name: 'ping', payload: { ref: 'delayed-by-outage' } }),
    );
    // A relay on the same database whose Redis goes away after it connected.
    const redis = await ownRedis();
    await redis.start();
    const queues = new QueueRegistry(testConfig(api.db.name, 'outage', { REDIS_URL: redis.url }));
    await queues.get(QUEUE).waitUntilReady();
    await redis.stop();
    const relayDuringOutage = new OutboxRelay(api.app.get(OutboxRepository), queues, transactions());
    expect(await relayDuringOutage.relayBatch()).toBe(0);
    await queues.onApplicationShutdown();
    const [row] = await api.dataSource.query('SELECT published_at, attempts, last_error FROM outbox WHERE id = $1', [id]);
    expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: expect.any(String) });

    await relayAll();
    expect(await queue.getJob(id)).toBeDefined();
    expect(await unpublished()).toBe(0);
  });

  it('schedules a delayed job under its own id, and removes it only once the removal commits', async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    await transactions().run((tx) =>
      writer().add(tx, { queue: QUEUE, name: 'ping', payload: { ref: 'delayed' }, jobId: 'reminder-42', runAt }),
    );
    await relayAll();
    const job = await queue.getJob('reminder-42');
    expect(await job?.getState()).toBe('delayed');
    expect(job!.timestamp + job!.opts.delay!).toBeGreaterThanOrEqual(runAt.getTime() - 1000);

    await expect(
      transactions().run(async (tx) => {
        await writer().remove(tx, { queue: QUEUE, jobId: 'reminder-42' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await relayAll();
    expect(await queue.getJob('reminder-42')).toBeDefined();

    await transactions().run((tx) => writer().remove(tx, { queue: QUEUE, jobId: 'reminder-42' }));
    await relayAll();
    expect(await queue.getJob('reminder-42')).toBeUndefined();
    expect(await unpublished()).toBe(0);
  });
});
