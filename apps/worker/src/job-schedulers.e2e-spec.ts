import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { BILLING_QUEUE, INVOICING_RUN_SCHEDULER } from '@passerelle/billing';
import type { AppConfig } from '@passerelle/config';
import { OUTBOX_PRUNE_SCHEDULER, OUTBOX_QUEUE } from '@passerelle/outbox';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createTestDatabase, eventually, isolatedName, ownRedis, testConfig, type OwnedRedis, type TestDatabase } from '@passerelle/testing';
import { VOUCHERS_QUEUE, VOUCHER_EXPIRY_SCHEDULER } from '@passerelle/vouchers';
import { createWorkerApp } from './worker-app';

const SCHEDULERS = [
  [BILLING_QUEUE, INVOICING_RUN_SCHEDULER],
  [VOUCHERS_QUEUE, VOUCHER_EXPIRY_SCHEDULER],
  [OUTBOX_QUEUE, OUTBOX_PRUNE_SCHEDULER],
] as const;

describe('worker: job schedulers', () => {
  let redis: OwnedRedis;
  let db: TestDatabase;
  let config: AppConfig;
  let app: INestApplicationContext | undefined;
  let queues: Queue[] = [];

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    db = await createTestDatabase();
    config = testConfig(db.name, isolatedName('redis'), { REDIS_URL: redis.url, OUTBOX_RETENTION_DAYS: '2' });
    queues = SCHEDULERS.map(([name]) => {
      const queue = new Queue(name, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
      queue.on('error', () => undefined);
      return queue;
    });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(queues.map((queue) => queue.close()));
    await redis?.stop();
    await db?.drop();
  });

  const declared = async () => Promise.all(SCHEDULERS.map(async ([, id], index) => (await queues[index]!.getJobScheduler(id))?.key ?? null));

  it('declares them at boot (the pruning runs at once) and again when Redis comes back empty', async () => {
    const setup = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await setup.query(
      `INSERT INTO outbox (queue, job_name, payload, created_at, published_at)
       VALUES ('notifications', 'ping', '{"ref":"old"}', now() - interval '9 days', now() - interval '9 days'),
              ('notifications', 'ping', '{"ref":"recent"}', now() - interval '1 day', now() - interval '1 day')`,
    );
    await setup.destroy();

    app = await createWorkerApp(config);
    const dataSource = app.get(DataSource);
    await eventually(async () => !(await declared()).includes(null), 'the schedulers to be declared at boot');
    await eventually(
      async () => (await dataSource.query(`SELECT payload->>'ref' AS ref FROM outbox`)).map((row: { ref: string }) => row.ref).join() === 'recent',
      'the boot pruning to delete the old relayed message only',
    );

    // SIGKILLed and started again without persistence: Redis has forgotten everything; the worker keeps running.
    await redis.stop();
    await redis.start();
    await eventually(async () => !(await declared()).includes(null), 'the schedulers to be declared again', 30_000);
  }, 60_000);

  it('leaves the schedulers Redis still holds alone when it reconnects (the next invoicing job is not replaced)', async () => {
    const billing = queues[0]!;
    const nextJob = async () => (await billing.getDelayed()).find((job) => job.repeatJobKey === INVOICING_RUN_SCHEDULER);
    const before = await nextJob();
    expect(before).toBeDefined();
    // Every connection dropped, Redis keeping its data: the worker reconnects and its queues say 'ready' again.
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
    const connected = await clients();
    await admin.client('KILL', 'TYPE', 'normal');
    await eventually(async () => (await clients()) >= connected, 'the worker to reconnect', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await admin.quit();
    const after = await nextJob();
    // Upserting again would have removed and re-added it (a due one would then have been skipped).
    expect({ id: after?.id, timestamp: after?.timestamp }).toEqual({ id: before!.id, timestamp: before!.timestamp });
  }, 60_000);
});
