import type { INestApplicationContext } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { BILLING_QUEUE, INVOICING_RUN_CRON, INVOICING_RUN_JOB, INVOICING_RUN_SCHEDULER } from '@passerelle/billing';
import type { AppConfig } from '@passerelle/config';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import {
  createFunder,
  createProgramWithVouchers,
  createStructure,
  createTestDatabase,
  createUser,
  isolatedName,
  redeemVouchers,
  testConfig,
  type TestDatabase,
} from '@passerelle/testing';
import { createWorkerApp } from './worker-app';

describe('worker: monthly invoicing run', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.name, isolatedName('redis'));
    queue = new Queue(BILLING_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    events = new QueueEvents(BILLING_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await app?.close();
    await events?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.drop();
  });

  it('declares the monthly scheduler and invoices a period from a job, once', async () => {
    const setup = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const funder = await createFunder(setup);
    const staff = await createUser(setup, { role: 'funder', organisationId: funder.id });
    const structure = await createStructure(setup);
    const { programId, codes } = await createProgramWithVouchers(setup, {
      funderId: funder.id,
      createdBy: staff.id,
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      count: 2,
    });
    const [{ code: procedureCode }] = await setup.query('SELECT code FROM procedures ORDER BY code LIMIT 1');
    await redeemVouchers(setup, { codes, on: { structureId: structure.id, procedureCode }, redeemedBy: staff.id, redeemedAt: '2026-04-15T10:00:00+02:00' });
    await setup.destroy();

    app = await createWorkerApp(config);
    const dataSource = app.get(DataSource);
    let scheduler = await queue.getJobScheduler(INVOICING_RUN_SCHEDULER);
    for (let i = 0; !scheduler && i < 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      scheduler = await queue.getJobScheduler(INVOICING_RUN_SCHEDULER);
    }
    expect(scheduler).toMatchObject({ name: INVOICING_RUN_JOB, pattern: INVOICING_RUN_CRON.pattern, tz: INVOICING_RUN_CRON.tz });

    const first = await queue.add(INVOICING_RUN_JOB, { period: '2026-04' });
    expect(await first.waitUntilFinished(events, 30_000)).toEqual({ period: '2026-04', created: 1, skipped: 0 });
    const again = await queue.add(INVOICING_RUN_JOB, { period: '2026-04' });
    expect(await again.waitUntilFinished(events, 30_000)).toEqual({ period: '2026-04', created: 0, skipped: 0 });
    const invoices = await dataSource.query('SELECT total_gross_cents::int AS gross FROM invoices WHERE program_id = $1', [programId]);
    // 2 × 10.00 € + 4 % fee (80) + 20 % VAT on the fee (16).
    expect(invoices).toEqual([{ gross: 2_096 }]);
  });
});
