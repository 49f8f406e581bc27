import type { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import {
  eventually,
  createFunder,
  createProgramWithVouchers,
  createTestDatabase,
  createUser,
  isolatedName,
  testConfig,
  type TestDatabase,
} from '@passerelle/testing';
import { EXPIRY_BATCH_SIZE, VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VOUCHER_EXPIRY_SCHEDULER } from '@passerelle/vouchers';
import { VOUCHER_EXPIRY_EVERY_MS } from './job-schedulers';
import { createWorkerApp } from './worker-app';

describe('worker: voucher expiry sweep', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.name, isolatedName('redis'));
    queue = new Queue(VOUCHERS_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    events = new QueueEvents(VOUCHERS_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await app?.close();
    await events?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.drop();
  });

  it('expires vouchers past validity + grace in batches at boot, and a second run changes nothing', async () => {
    // The rows exist before the worker boots: the scheduler's first job runs as soon as it starts.
    const setup = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const funder = await createFunder(setup);
    const staff = await createUser(setup, { role: 'funder', organisationId: funder.id });
    const count = EXPIRY_BATCH_SIZE * 2 + 100;
    const ended = await createProgramWithVouchers(setup, {
      funderId: funder.id,
      createdBy: staff.id,
      validFrom: '2020-01-01',
      validUntil: '2020-12-31',
      graceDays: 31,
      count,
    });
    const inGrace = await createProgramWithVouchers(setup, {
      funderId: funder.id,
      createdBy: staff.id,
      validFrom: '2020-01-01',
      validUntil: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      graceDays: 30,
      count: 5,
    });
    await setup.query(`UPDATE vouchers SET status = 'assigned' WHERE code = $1`, [ended.codes[0]]);
    await setup.query(`UPDATE vouchers SET status = 'redeemed' WHERE code = $1`, [ended.codes[1]]);
    await setup.destroy();

    app = await createWorkerApp(config);
    dataSource = app.get(DataSource);
    const statuses = async (programId: string) =>
      Object.fromEntries(
        (
          await dataSource.query('SELECT status, count(*)::int AS n FROM vouchers WHERE program_id = $1 GROUP BY status', [programId])
        ).map((row: { status: string; n: number }) => [row.status, row.n]),
      );

    await eventually(async () => (await statuses(ended.programId)).expired === count - 1, 'the ended program’s vouchers to expire');
    expect(await statuses(ended.programId)).toEqual({ expired: count - 1, redeemed: 1 });
    expect(await statuses(inGrace.programId)).toEqual({ issued: 5 });
    const scheduler = await queue.getJobScheduler(VOUCHER_EXPIRY_SCHEDULER);
    expect(scheduler).toMatchObject({ name: VOUCHER_EXPIRY_JOB, every: VOUCHER_EXPIRY_EVERY_MS });
    const sweeps = await dataSource.query(`SELECT details FROM audit_log WHERE action = 'vouchers.expired' ORDER BY id`);
    expect(sweeps.map((row: { details: { count: number } }) => row.details.count)).toEqual([EXPIRY_BATCH_SIZE, EXPIRY_BATCH_SIZE, 99]);

    const before = await dataSource.query('SELECT id, status, expired_at FROM vouchers ORDER BY id');
    const again = await queue.add(VOUCHER_EXPIRY_JOB, {});
    expect(await again.waitUntilFinished(events, 30_000)).toEqual({ expired: 0 });
    expect(await dataSource.query('SELECT id, status, expired_at FROM vouchers ORDER BY id')).toEqual(before);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'vouchers.expired'`)).toEqual([{ n: 3 }]);
  });
});
