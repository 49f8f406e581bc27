import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { NOTIFICATIONS_QUEUE, WELCOME_EMAIL_JOB } from '@passerelle/outbox';
import { eventually, startWorkerProcess, uniqueEmail, type ApiProcess, type SmtpSink } from '@passerelle/testing';
import { ProcessStack, postJson } from './fault-fixtures';

/**
 * The welcome email's effect must happen once. The guarantee is honest, not magic: the worker locks
 * the notification_log row, sends, then commits 'sent' in the same transaction. A worker killed
 * before the SMTP server acknowledged the message (what this test does, with the sink holding the
 * final reply) leaves no delivered message and a rolled-back row, so the retry sends exactly one.
 * A kill in the short window after the server's 250 and before the commit would make the retry send
 * a second copy: delivery is at least once, and notification_log makes it exactly once everywhere
 * but in that window (SMTP has no idempotency key to close it).
 */
describe('fault: worker killed while processing a job', () => {
  const stack = new ProcessStack();
  let api: ApiProcess;
  let sink: SmtpSink;
  let dataSource: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    // A short job lock: the dead worker's job is found stalled within seconds, not a minute.
    await stack.start({ WORKER_JOB_LOCK_MS: '3000' });
    ({ api, sink, dataSource } = stack as Required<ProcessStack>);
    queue = stack.queue(NOTIFICATIONS_QUEUE);
  }, 240_000);
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await stack.stop();
  });

  const welcomeRows = (email: string) =>
    dataSource.query(
      `SELECT l.status, l.attempts FROM notification_log l JOIN users u ON u.id = l.recipient_user_id
        WHERE l.template = 'welcome' AND u.email = $1`,
      [email],
    ) as Promise<{ status: string; attempts: number }[]>;

  it('retries the job of a SIGKILLed worker in a new one, and the email is delivered once', async () => {
    const email = uniqueEmail('kill');
    sink.hold();
    const response = await postJson(`${api.url}/auth/register`, { email, password: 'correct horse battery', displayName: 'Killed Worker' });
    expect(response.status).toBe(201);

    // The worker is in the middle of the SMTP conversation, the row locked in its open transaction.
    await sink.waitForHeld(1);
    const [job] = (await queue.getActive()).filter((active) => active.name === WELCOME_EMAIL_JOB);
    expect(job).toBeDefined();
    expect(await welcomeRows(email)).toEqual([{ status: 'pending', attempts: 0 }]);

    expect(await stack.worker!.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    stack.worker = undefined;
    await sink.waitForHeldHangUp();
    sink.release();
    expect(sink.messages).toHaveLength(0);

    stack.worker = await startWorkerProcess(stack.env);
    await eventually(async () => (await queue.getJobState(job!.id!)) === 'completed', 'the stalled job to be retried and completed', 60_000);
    expect(sink.messages.filter((message) => message.to.includes(email))).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
    // The killed attempt's transaction was rolled back by PostgreSQL: one attempt counted, and it was sent.
    expect(await welcomeRows(email)).toEqual([{ status: 'sent', attempts: 1 }]);
    const retried = await queue.getJob(job!.id!);
    expect(retried?.stalledCounter).toBe(1);
  });
});
