import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AuthenticationService } from '@passerelle/identity';
import { WELCOME_EMAIL_SUBJECT, WelcomeEmailService } from '@passerelle/notifications';
import { WELCOME_EMAIL_JOB } from '@passerelle/outbox';
import {
  eventually,
  TEST_PASSWORD,
  createUser,
  uniqueEmail,
  startTestWorker,
  type SmtpSink,
  type TestWorker,
} from '@passerelle/testing';

describe('worker: welcome email', () => {
  let worker: TestWorker;
  let sink: SmtpSink;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    worker = await startTestWorker();
    ({ app, dataSource, sink, notifications: queue } = worker);
  });
  afterAll(() => worker?.close());

  const mailsTo = (email: string) => sink.messages.filter((message) => message.to.includes(email));
  const logRow = async (userId: string) =>
    (await dataSource.query('SELECT * FROM notification_log WHERE dedup_key = $1', [`welcome-email:${userId}`]))[0] as
      | { status: string; attempts: number; sent_at: Date | null; channel: string; template: string; recipient_user_id: string }
      | undefined;
  const finished = (jobId: string) =>
    eventually(async () => {
      const state = await queue.getJobState(jobId);
      return state === 'completed' || state === 'failed' ? queue.getJob(jobId) : undefined;
    }, `job ${jobId} to finish`);
  const addJob = (data: Record<string, string>, options: JobsOptions = {}) =>
    queue.add(WELCOME_EMAIL_JOB, data, { jobId: randomUUID(), attempts: 3, backoff: { type: 'fixed', delay: 100 }, ...options });

  it('sends one French welcome email after sign-up, through the outbox, and logs it as sent', async () => {
    const email = uniqueEmail('welcome');
    const displayName = 'Zoé <Martin> & fils';
    const { userId } = await app
      .get(AuthenticationService)
      .register({ email, password: TEST_PASSWORD, displayName }, { ip: '127.0.0.1', requestId: 'test-register' });

    await sink.waitFor(1);
    const row = await eventually(async () => ((await logRow(userId))?.status === 'sent' ? logRow(userId) : undefined), 'the log row');
    expect(row).toMatchObject({ channel: 'email', template: 'welcome', recipient_user_id: userId, attempts: 1 });
    expect(row!.sent_at).toBeInstanceOf(Date);

    const [outbox] = await dataSource.query('SELECT id, published_at FROM outbox WHERE payload->>\'userId\' = $1', [userId]);
    expect(outbox.published_at).not.toBeNull();
    const job = await finished(outbox.id);
    expect(job?.returnvalue).toBe('sent');
    expect(job?.data).toEqual({ userId });

    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: [email], subject: WELCOME_EMAIL_SUBJECT });
    expect(mails[0]!.from).toMatch(/@/);
    expect(mails[0]!.text).toContain(`Bonjour ${displayName},`);
    expect(mails[0]!.html).toContain('Bonjour Zoé &lt;Martin&gt; &amp; fils,');
    expect(mails[0]!.html).not.toContain('<Martin>');
  });

  it('sends once when two deliveries of the welcome job run at the same time', async () => {
    const user = await createUser(dataSource, { role: 'beneficiary' });
    // Hold the first delivery inside its SMTP exchange until the second is blocked on the row lock.
    sink.hold();
    const jobs = await Promise.all([addJob({ userId: user.id }), addJob({ userId: user.id })]);
    await sink.waitForHeld(1);
    await eventually(
      async () =>
        (await dataSource.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
          .length === 1,
      'the second delivery to wait for the lock',
    );
    sink.release();

    const done = await Promise.all(jobs.map((job) => finished(job.id!)));
    expect(done.map((job) => job?.returnvalue).sort()).toEqual(['already-sent', 'sent']);
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(await logRow(user.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends once when ten callers race on the same user', async () => {
    const user = await createUser(dataSource, { role: 'beneficiary' });
    const service = app.get(WelcomeEmailService);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => service.send(user.id)));
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already-sent')).toHaveLength(9);
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(await service.send(user.id)).toBe('already-sent');
  });

  it('completes without sending, and without retrying, for an unknown or disabled user', async () => {
    const disabled = await createUser(dataSource, { role: 'beneficiary', status: 'disabled' });
    const unknown = randomUUID();
    const jobs = await Promise.all([addJob({ userId: unknown }), addJob({ userId: disabled.id })]);
    for (const job of jobs) {
      const done = await finished(job.id!);
      expect(await done?.getState()).toBe('completed');
      expect(done).toMatchObject({ returnvalue: 'no-recipient', attemptsMade: 1 });
    }
    expect(mailsTo(disabled.email)).toHaveLength(0);
    expect(await logRow(unknown)).toBeUndefined();
    expect(await logRow(disabled.id)).toBeUndefined();
  });

  it('fails a job with a malformed payload at once instead of retrying it', async () => {
    const job = await addJob({ userId: 'not-a-uuid' }, { attempts: 5 });
    const done = await finished(job.id!);
    expect(await done?.getState()).toBe('failed');
    expect(done).toMatchObject({ attemptsMade: 1, failedReason: expect.stringMatching(/no valid userId/) });
  });
});
