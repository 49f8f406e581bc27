import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { WELCOME_EMAIL_SUBJECT } from '@passerelle/notifications';
import { NOTIFICATIONS_QUEUE, WELCOME_EMAIL_JOB } from '@passerelle/outbox';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createTestDatabase, eventually, createUser, isolatedName, startSmtpSink, testConfig, type SmtpSink, type TestDatabase } from '@passerelle/testing';
import { createWorkerApp } from './worker-app';

/** A port nothing listens on (yet): the SMTP server is "down" until the sink starts there. */
async function unusedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('worker: SMTP server down, then back', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let queue: Queue;
  let sink: SmtpSink | undefined;

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await app?.close();
    await sink?.close();
    await db?.drop();
  });

  it('records the failed attempt, retries, and sends exactly once when the server answers again', async () => {
    db = await createTestDatabase();
    const port = await unusedPort();
    const config = testConfig(db.name, isolatedName('redis'), { SMTP_URL: `smtp://127.0.0.1:${port}` });
    app = await createWorkerApp(config);
    queue = new Queue(NOTIFICATIONS_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    const dataSource = app.get(DataSource);
    const user = await createUser(dataSource, { role: 'beneficiary' });
    const logRow = async () =>
      (await dataSource.query('SELECT * FROM notification_log WHERE dedup_key = $1', [`welcome-email:${user.id}`]))[0];

    // Retries fast here; production jobs use DEFAULT_JOB_OPTIONS (exponential backoff).
    const job = await queue.add(WELCOME_EMAIL_JOB, { userId: user.id }, { jobId: randomUUID(), attempts: 500, backoff: { type: 'fixed', delay: 100 } });

    const failed = await eventually(async () => {
      const row = await logRow();
      return row?.attempts >= 1 ? row : undefined;
    }, 'a failed attempt');
    expect(failed).toMatchObject({ status: 'failed', sent_at: null, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) });

    sink = await startSmtpSink({ port });
    await sink.waitFor(1);
    const done = await eventually(async () => ((await queue.getJobState(job.id!)) === 'completed' ? queue.getJob(job.id!) : undefined), 'the job');
    expect(done?.returnvalue).toBe('sent');
    expect(done?.attemptsMade).toBeGreaterThanOrEqual(2);

    const sent = await logRow();
    expect(sent).toMatchObject({ status: 'sent', last_error: expect.any(String) });
    expect(sent.attempts).toBe(done!.attemptsMade);
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatchObject({ to: [user.email], subject: WELCOME_EMAIL_SUBJECT });
  });
});
