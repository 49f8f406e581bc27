import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import { NOTIFICATIONS_QUEUE, WELCOME_EMAIL_JOB } from '@passerelle/outbox';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createTestDatabase, eventually, createUser, isolatedName, startSmtpSink, testConfig, type SmtpSink, type TestDatabase } from '@passerelle/testing';
import { NotificationsProcessor } from './processors/notifications.processor';
import { createWorkerApp } from './worker-app';

describe('worker: graceful shutdown', () => {
  let db: TestDatabase;
  let redisPrefix: string;
  let queue: Queue;
  let dataSource: DataSource;
  const sinks: SmtpSink[] = [];
  const apps: INestApplicationContext[] = [];

  const config = (sink: SmtpSink, overrides: Record<string, string> = {}): AppConfig =>
    testConfig(db.name, redisPrefix, { SMTP_URL: sink.url, ...overrides });
  const sinkFor = async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    return sink;
  };
  const worker = async (appConfig: AppConfig) => {
    const app = await createWorkerApp(appConfig);
    apps.push(app);
    return app;
  };
  /** Closing a Nest context twice runs its shutdown hooks twice: only close what the test left open. */
  const stop = (app: INestApplicationContext) => {
    apps.splice(apps.indexOf(app), 1);
    return app.close();
  };
  const logRow = async (userId: string) =>
    (await dataSource.query('SELECT * FROM notification_log WHERE dedup_key = $1', [`welcome-email:${userId}`]))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = isolatedName('redis');
    const probe = testConfig(db.name, redisPrefix);
    queue = new Queue(NOTIFICATIONS_QUEUE, { prefix: bullPrefix(probe), connection: redisConnectionOptions(probe) });
    // A plain connection for assertions that outlives the workers under test.
    dataSource = new DataSource({ type: 'postgres', url: probe.database.url });
    await dataSource.initialize();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const sink of sinks) await sink.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('lets the running job finish before closing connections, and the email goes out once', async () => {
    const sink = await sinkFor();
    const app = await worker(config(sink, { WORKER_SHUTDOWN_TIMEOUT_MS: '120000' }));
    const user = await createUser(dataSource, { role: 'beneficiary' });
    sink.hold();
    const job = await queue.add(WELCOME_EMAIL_JOB, { userId: user.id }, { jobId: randomUUID(), attempts: 3 });
    await sink.waitForHeld(1);

    const bullWorker = app.get(NotificationsProcessor).worker;
    const shutdownStarted = once(bullWorker, 'paused');
    let closed = false;
    const closing = stop(app).then(() => {
      closed = true;
    });
    await shutdownStarted;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);

    sink.release();
    await closing;
    expect(sink.messages).toHaveLength(1);
    expect(await queue.getJobState(job.id!)).toBe('completed');
    // Marked sent after the email: the database was still open when the job finished.
    expect(await logRow(user.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('after WORKER_SHUTDOWN_TIMEOUT_MS, releases the running job to the queue, where another worker sends it once', async () => {
    const stuck = await sinkFor();
    const first = await worker(config(stuck, { WORKER_SHUTDOWN_TIMEOUT_MS: '100' }));
    const user = await createUser(dataSource, { role: 'beneficiary' });
    stuck.hold();
    const job = await queue.add(WELCOME_EMAIL_JOB, { userId: user.id }, { jobId: randomUUID(), attempts: 3 });
    await stuck.waitForHeld(1);

    await stop(first);
    // Back in the queue without using up an attempt; the aborted delivery is on the record.
    expect(await queue.getJobState(job.id!)).toBe('waiting');
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(0);
    expect(await logRow(user.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/abort/i) });

    const healthy = await sinkFor();
    await worker(config(healthy));
    await healthy.waitFor(1);
    await eventually(async () => (await queue.getJobState(job.id!)) === 'completed', 'the released job to complete');
    expect(await logRow(user.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(healthy.messages).toHaveLength(1);
    expect(stuck.messages).toHaveLength(0);
  });
});
