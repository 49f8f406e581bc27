import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { NOTIFICATIONS_QUEUE, bookingReminderJobId } from '@passerelle/outbox';
import { eventually, ownRedis, parisDayFromNow, parisInstant, type ApiProcess, type OwnedRedis, type SmtpSink } from '@passerelle/testing';
import { ProcessStack, beneficiaries, health, openOffer, postJson } from './fault-fixtures';

const BOOKINGS = 6;

describe('fault: Redis stopped during bookings', () => {
  const stack = new ProcessStack();
  let redis: OwnedRedis;
  let api: ApiProcess;
  let sink: SmtpSink;
  let dataSource: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    await stack.start({ REDIS_URL: redis.url });
    ({ api, sink, dataSource } = stack as Required<ProcessStack>);
    queue = stack.queue(NOTIFICATIONS_QUEUE);
  }, 240_000);
  afterAll(async () => {
    await stack.stop();
    await redis?.stop();
  });

  it('books without Redis, then enqueues each reminder once and sends each confirmation once when Redis is back', async () => {
    const offer = await openOffer(dataSource, BOOKINGS);
    const people = await beneficiaries(dataSource, api.url, BOOKINGS);
    const startsAt = parisInstant(parisDayFromNow(6), '09:00').toISOString();

    await redis.stop();
    await eventually(async () => (await health(api.url)).status === 503, 'health to report Redis down');
    expect((await health(api.url)).body).toEqual(expect.objectContaining({ postgres: 'up', redis: 'down' }));

    // The rate limiter falls back to memory and the jobs wait in the outbox: booking needs only PostgreSQL.
    const responses = await Promise.all(people.map((person) => postJson(`${api.url}/bookings`, { offerId: offer.id, startsAt }, person.accessToken)));
    const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ id: string }>));
    expect(responses.map((response) => response.status)).toEqual(people.map(() => 201));
    const bookingIds = bodies.map((body) => body.id);

    const [{ pending }] = await dataSource.query('SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL');
    expect(pending).toBeGreaterThanOrEqual(2 * BOOKINGS);
    expect(sink.messages).toHaveLength(0);

    await redis.start();
    await eventually(async () => (await health(api.url)).status === 200, 'health to report Redis back', 30_000);
    await eventually(
      async () => (await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0].n === 0,
      'the outbox relay to catch up',
      60_000,
    );

    const delayed = await queue.getDelayed(0, -1);
    const reminderIds = delayed.map((job) => job.id).filter((id) => id?.startsWith('booking-reminder-'));
    expect(reminderIds.sort()).toEqual(bookingIds.map(bookingReminderJobId).sort());
    for (const job of delayed) expect(Object.keys(job.data as object)).toEqual(['bookingId']);

    const emails = people.map((person) => person.user.email);
    await sink.waitFor(BOOKINGS, 60_000);
    await eventually(
      async () =>
        (await dataSource.query("SELECT count(*)::int AS n FROM notification_log WHERE template = 'booking-confirmation' AND status = 'sent'"))[0].n ===
        BOOKINGS,
      'every confirmation logged as sent',
    );
    await eventually(async () => {
      const counts = await queue.getJobCounts('active', 'wait');
      return counts.active + counts.wait === 0;
    }, 'the queue to settle');
    const received = sink.messages.map((message) => message.to.join(',')).sort();
    expect(received).toEqual([...emails].sort());
  });
});
