import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { BookingService, BookingTransitionsService } from '@passerelle/booking';
import type { Actor, Role } from '@passerelle/identity';
import { BOOKING_REMINDER_JOB } from '@passerelle/outbox';
import {
  eventually,
  createOffer,
  createOrganisation,
  createPlace,
  createStructure,
  createUser,
  openEveryDay,
  parisDayFromNow,
  parisInstant,
  startTestWorker,
  type SmtpSink,
  type TestWorker,
} from '@passerelle/testing';

describe('worker: booking notifications', () => {
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

  const actor = (userId: string, role: Role, structureId?: string): Actor => ({
    userId,
    roles: [role],
    memberships: structureId ? [{ organisationId: structureId, kind: 'structure' }] : [],
    sessionId: randomUUID(),
  });
  const logRows = (bookingId: string) =>
    dataSource.query('SELECT dedup_key, channel, template, status, attempts FROM notification_log WHERE dedup_key LIKE $1 ORDER BY dedup_key', [
      `%:${bookingId}:%`,
    ]) as Promise<{ dedup_key: string; channel: string; template: string; status: string; attempts: number }[]>;

  async function openOffer() {
    const organisation = await createOrganisation(dataSource, 'structure');
    const mediator = await createUser(dataSource, { role: 'mediator', organisationId: organisation.id });
    const structure = await createStructure(dataSource, { organisationId: organisation.id });
    const place = await createPlace(dataSource, structure.id);
    await dataSource.query("UPDATE places SET emails = '{accueil@epn.example}', phone = '01 23 45 67 89' WHERE id = $1", [place.id]);
    const offer = await createOffer(dataSource, { id: place.id, structure_id: structure.id });
    await openEveryDay(dataSource, offer.id);
    return { offer, mediator: actor(mediator.id, 'mediator', structure.id) };
  }

  it('emails the confirmation with the reference, the address and the checklist, and logs it as sent', async () => {
    const { offer } = await openOffer();
    const person = await createUser(dataSource, { role: 'beneficiary' });
    const booking = await app.get(BookingService).create(actor(person.id, 'beneficiary'), {
      offerId: offer.id,
      startsAt: parisInstant(parisDayFromNow(5), '09:00'),
    });

    const mail = await eventually(async () => sink.messages.find((message) => message.to.includes(person.email)), 'the confirmation');
    expect(mail.subject).toBe(`Rendez-vous confirmé – ${booking.reference}`);
    const [procedure] = await dataSource.query('SELECT documents FROM procedures WHERE code = $1', [booking.procedureCode]);
    const labels = (procedure.documents as { label: string }[]).map((document) => document.label);
    expect(labels.length).toBeGreaterThan(0);
    for (const text of [booking.reference, '12 rue de la Roquette', 'À apporter', ...labels]) expect(mail.text).toContain(text);
    expect(mail.html).toContain(booking.reference);
    expect(mail.text).toMatch(/à 9 h 00/);
    await eventually(async () => (await logRows(booking.id))[0]?.status === 'sent', 'the log row');
    expect(await logRows(booking.id)).toEqual([
      { dedup_key: `booking-confirmation:${booking.id}:email:${person.id}`, channel: 'email', template: 'booking-confirmation', status: 'sent', attempts: 1 },
    ]);
  });

  it('texts a person without an account (SMS port, logged), copies the prescriber, and tells the place when they cancel', async () => {
    const { offer } = await openOffer();
    const prescriber = await createUser(dataSource, { role: 'prescriber' });
    const booking = await app.get(BookingService).create(actor(prescriber.id, 'prescriber'), {
      offerId: offer.id,
      startsAt: parisInstant(parisDayFromNow(5), '09:45'),
      beneficiary: { name: 'Mme Martin', phone: '06 12 34 56 78' },
    });
    await eventually(async () => (await logRows(booking.id)).filter((row) => row.status === 'sent').length === 2, 'both confirmations');
    expect((await logRows(booking.id)).map((row) => `${row.channel} ${row.template} ${row.status}`)).toEqual([
      'email booking-confirmation sent',
      'sms booking-confirmation sent',
    ]);
    expect(sink.messages.filter((message) => message.to.includes(prescriber.email))).toHaveLength(1);

    await app.get(BookingTransitionsService).cancel(actor(prescriber.id, 'prescriber'), booking.id);
    const notice = await eventually(
      async () => sink.messages.find((message) => message.to.includes('accueil@epn.example') && message.subject.includes(booking.reference)),
      'the notice to the place',
    );
    expect(notice.subject).toBe(`Rendez-vous annulé – ${booking.reference}`);
  });

  it('tells the person when the structure cancels, with the reason; a cancelled booking gets no reminder', async () => {
    const { offer, mediator } = await openOffer();
    const person = await createUser(dataSource, { role: 'beneficiary' });
    const booking = await app.get(BookingService).create(actor(person.id, 'beneficiary'), {
      offerId: offer.id,
      startsAt: parisInstant(parisDayFromNow(6), '10:30'),
    });
    await app.get(BookingTransitionsService).cancel(mediator, booking.id, 'Médiatrice absente');
    const notice = await eventually(
      async () => sink.messages.find((message) => message.to.includes(person.email) && message.subject.startsWith('Rendez-vous annulé')),
      'the notice to the person',
    );
    expect(notice.text).toContain('Raison : Médiatrice absente');

    const job = await queue.add(BOOKING_REMINDER_JOB, { bookingId: booking.id }, { jobId: randomUUID() });
    const done = await eventually(async () => ((await queue.getJobState(job.id!)) === 'completed' ? queue.getJob(job.id!) : undefined), 'the job');
    expect(done?.returnvalue).toBe('skipped');
    expect(sink.messages.filter((message) => message.subject.startsWith('Rappel') && message.to.includes(person.email))).toHaveLength(0);
  });

  it('sends the reminder once, however many times its job runs', async () => {
    const { offer } = await openOffer();
    const person = await createUser(dataSource, { role: 'beneficiary' });
    const booking = await app.get(BookingService).create(actor(person.id, 'beneficiary'), {
      offerId: offer.id,
      startsAt: parisInstant(parisDayFromNow(7), '11:15'),
    });
    const jobs = await Promise.all([1, 2, 3].map(() => queue.add(BOOKING_REMINDER_JOB, { bookingId: booking.id }, { jobId: randomUUID() })));
    for (const job of jobs) await eventually(async () => (await queue.getJobState(job.id!)) === 'completed', 'a reminder job');
    const reminders = sink.messages.filter((message) => message.to.includes(person.email) && message.subject.startsWith('Rappel'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(booking.reference);
  });
});
