import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingService } from '@passerelle/booking';
import { BookingNotificationsService } from '@passerelle/notifications';
import {
  createOffer,
  createPlace,
  createStructure,
  createTestDatabase,
  createUser,
  isolatedName,
  openEveryDay,
  parisDayFromNow,
  parisInstant,
  testConfig,
  type TestDatabase,
} from '@passerelle/testing';
import { createWorkerApp } from './worker-app';

describe('worker: a booking notification that cannot be delivered', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Nothing listens on port 1; the relay runs once at start, then not before the test ends.
    const config = testConfig(db.name, isolatedName('redis'), { SMTP_URL: 'smtp://127.0.0.1:1', OUTBOX_RELAY_INTERVAL_MS: '60000' });
    app = await createWorkerApp(config);
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('logs the failed email with its error, still sends the SMS, and fails the job for a retry; the booking stands', async () => {
    const structure = await createStructure(dataSource);
    const place = await createPlace(dataSource, structure.id);
    const offer = await createOffer(dataSource, { id: place.id, structure_id: structure.id });
    await openEveryDay(dataSource, offer.id);
    const prescriber = await createUser(dataSource, { role: 'prescriber' });
    const booking = await app.get(BookingService).create(
      { userId: prescriber.id, roles: ['prescriber'], memberships: [], sessionId: randomUUID() },
      { offerId: offer.id, startsAt: parisInstant(parisDayFromNow(5), '09:00'), beneficiary: { name: 'M. Petit', phone: '0622334455' } },
    );

    await expect(app.get(BookingNotificationsService).send('confirmation', booking.id)).rejects.toThrow();
    const rows = await dataSource.query(
      'SELECT channel, status, attempts, last_error FROM notification_log WHERE dedup_key LIKE $1 ORDER BY channel',
      [`booking-confirmation:${booking.id}:%`],
    );
    expect(rows).toEqual([
      { channel: 'email', status: 'failed', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|ESOCKET|connect/) },
      { channel: 'sms', status: 'sent', attempts: 1, last_error: null },
    ]);
    const [{ status }] = await dataSource.query('SELECT status FROM bookings WHERE id = $1', [booking.id]);
    expect(status).toBe('confirmed');
  });
});
