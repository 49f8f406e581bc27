import { Queue } from 'bullmq';
import { NOTIFICATIONS_QUEUE, OutboxRelay, bookingReminderJobId } from '@passerelle/outbox';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createBooking, parisDayFromNow, parisInstant, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { bookingAction, openOffer, postBooking } from './booking-test-kit';

const HOUR = 3_600_000;

describe('bookings: booking, reminders, state machine, deadline, access', () => {
  let api: TestApi;
  let queue: Queue;

  beforeAll(async () => {
    api = await startTestApi();
    queue = new Queue(NOTIFICATIONS_QUEUE, { prefix: bullPrefix(api.config), connection: redisConnectionOptions(api.config) });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await api.close();
  });

  async function relayAll(): Promise<void> {
    while ((await api.app.get(OutboxRelay).relayBatch()) > 0);
  }

  describe('booking', () => {
    it('gives a beneficiary a short reference, a QR payload, the frozen price and the checklist', async () => {
      const { offer } = await openOffer(api, { priceCents: 3500 });
      const beneficiary = await api.loginAs('beneficiary');
      const startsAt = parisInstant(parisDayFromNow(4), '09:00').toISOString();
      const response = await postBooking(api, beneficiary, { offerId: offer.id, startsAt });
      expect(response.statusCode).toBe(201);
      const booking = response.json();
      expect(booking.reference).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect(booking).toMatchObject({
        qrPayload: `PASSERELLE:BOOKING:${booking.reference}`,
        status: 'confirmed',
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 45 * 60_000).toISOString(),
        price: { kind: 'commercial', priceCents: 3500 },
        beneficiary: { userId: beneficiary.user.id, name: null, phone: null },
        bookedAs: 'beneficiary',
      });
      const [procedure] = await api.dataSource.query('SELECT documents FROM procedures WHERE code = $1', ['carte-grise-changement-titulaire']);
      expect(booking.checklist.length).toBeGreaterThan(0);
      expect(booking.checklist).toEqual(procedure.documents);

      // The price is the one booked at, whatever the offer says later.
      await api.dataSource.query('UPDATE offers SET price_cents = 2000 WHERE id = $1', [offer.id]);
      const again = await api.app.inject({ method: 'GET', url: `/bookings/${booking.id}`, headers: beneficiary.headers });
      expect(again.json().price).toEqual({ kind: 'commercial', priceCents: 3500 });
    });

    it('books a funded offer at 0, for a person named by a prescriber or at a mediator’s desk', async () => {
      const { offer, mediator } = await openOffer(api);
      const prescriber = await api.loginAs('prescriber');
      const day = parisDayFromNow(4);
      const missing = await postBooking(api, prescriber, { offerId: offer.id, startsAt: parisInstant(day, '09:00').toISOString() });
      expect(missing.json()).toMatchObject({ status: 400, code: 'BENEFICIARY_REQUIRED' });
      const byPrescriber = await postBooking(api, prescriber, {
        offerId: offer.id,
        startsAt: parisInstant(day, '09:00').toISOString(),
        beneficiary: { name: 'Mme Martin', phone: '06 12 34 56 78' },
      });
      expect(byPrescriber.statusCode).toBe(201);
      expect(byPrescriber.json()).toMatchObject({
        price: { kind: 'funded', priceCents: 0 },
        beneficiary: { userId: null, name: 'Mme Martin', phone: '+33612345678' },
        bookedAs: 'prescriber',
      });
      const walkIn = await postBooking(api, mediator, {
        offerId: offer.id,
        startsAt: parisInstant(day, '09:45').toISOString(),
        beneficiary: { name: 'M. Durand', phone: '+33700000001' },
      });
      expect(walkIn.json()).toMatchObject({ bookedAs: 'mediator' });
      const otherMediator = await api.loginAs('mediator');
      const elsewhere = await postBooking(api, otherMediator, {
        offerId: offer.id,
        startsAt: parisInstant(day, '10:30').toISOString(),
        beneficiary: { name: 'M. Durand', phone: '+33700000001' },
      });
      expect(elsewhere.json()).toMatchObject({ status: 404, code: 'OFFER_NOT_FOUND' });
    });

    it('schedules the reminder as a delayed job 24 h before, with an id from the booking, and removes it on cancel', async () => {
      const { offer } = await openOffer(api);
      const beneficiary = await api.loginAs('beneficiary');
      const startsAt = parisInstant(parisDayFromNow(3), '10:30');
      const booking = (await postBooking(api, beneficiary, { offerId: offer.id, startsAt: startsAt.toISOString() })).json();
      expect(await queue.getJob(bookingReminderJobId(booking.id))).toBeUndefined(); // not before the commit is relayed
      await relayAll();

      const reminder = await queue.getJob(bookingReminderJobId(booking.id));
      expect(reminder?.name).toBe('booking-reminder');
      expect(reminder?.data).toEqual({ bookingId: booking.id });
      expect(await reminder!.getState()).toBe('delayed');
      const runsAt = reminder!.timestamp + reminder!.opts.delay!;
      expect(Math.abs(runsAt - (startsAt.getTime() - 24 * HOUR))).toBeLessThan(60_000);
      const delayed = await queue.getDelayed();
      expect(delayed.map((job) => job.id)).toContain(bookingReminderJobId(booking.id));

      expect((await bookingAction(api, beneficiary, booking.id, 'cancel')).statusCode).toBe(200);
      await relayAll();
      expect(await queue.getJob(bookingReminderJobId(booking.id))).toBeUndefined();
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
      expect(jobs.filter((job) => job.data.bookingId === booking.id).map((job) => job.name).sort()).toEqual([
        'booking-cancelled',
        'booking-confirmation',
      ]);
      // The place is free again.
      const [occupancy] = await api.dataSource.query('SELECT booked FROM slot_occupancy WHERE offer_id = $1', [offer.id]);
      expect(occupancy.booked).toBe(0);
    });
  });

  describe('state machine', () => {
    let mediator: LoggedIn;
    let offer: { id: string };

    beforeAll(async () => {
      ({ mediator, offer } = await openOffer(api));
    });
    const startedBooking = () => createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() - HOUR) });
    const codeOf = async (action: 'cancel' | 'complete' | 'no-show', id: string) => {
      const response = await bookingAction(api, mediator, id, action, { reason: 'Lieu fermé' });
      return `${response.statusCode} ${response.json().code ?? response.json().status}`;
    };

    it('confirmed → completed, then nothing moves (409 ILLEGAL_TRANSITION)', async () => {
      const booking = await startedBooking();
      const done = await bookingAction(api, mediator, booking.id, 'complete');
      expect(done.json()).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
      expect([await codeOf('complete', booking.id), await codeOf('no-show', booking.id), await codeOf('cancel', booking.id)]).toEqual([
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
      ]);
    });

    it('confirmed → no_show, then nothing moves', async () => {
      const booking = await startedBooking();
      expect(await codeOf('no-show', booking.id)).toBe('200 no_show');
      expect([await codeOf('complete', booking.id), await codeOf('no-show', booking.id), await codeOf('cancel', booking.id)]).toEqual([
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
      ]);
    });

    it('confirmed → cancelled (a mediator, with a reason), then nothing moves', async () => {
      const booking = await createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() + 30 * 60_000) });
      const noReason = await bookingAction(api, mediator, booking.id, 'cancel');
      expect(noReason.json()).toMatchObject({ status: 400, code: 'CANCEL_REASON_REQUIRED' });
      const cancelled = await bookingAction(api, mediator, booking.id, 'cancel', { reason: 'Médiatrice malade' });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Médiatrice malade', cancelledAt: expect.any(String) });
      expect([await codeOf('complete', booking.id), await codeOf('no-show', booking.id), await codeOf('cancel', booking.id)]).toEqual([
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
        '409 ILLEGAL_TRANSITION',
      ]);
    });

    it('refuses complete and no-show before the start (422), and to anyone but a mediator', async () => {
      const booking = await createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() + 5 * HOUR) });
      expect([await codeOf('complete', booking.id), await codeOf('no-show', booking.id)]).toEqual([
        '422 BOOKING_NOT_STARTED',
        '422 BOOKING_NOT_STARTED',
      ]);
      const beneficiary = await api.loginAs('beneficiary');
      const own = await createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() - HOUR), beneficiaryUserId: beneficiary.user.id });
      expect((await bookingAction(api, beneficiary, own.id, 'complete')).statusCode).toBe(403);
      expect((await bookingAction(api, beneficiary, own.id, 'no-show')).statusCode).toBe(403);
    });
  });

  describe('cancellation deadline (default 2 h before the start)', () => {
    it('lets a beneficiary cancel 3 h before, not 1 h before; the mediator still can', async () => {
      const { offer, mediator } = await openOffer(api);
      const beneficiary = await api.loginAs('beneficiary');
      const early = await createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() + 3 * HOUR), beneficiaryUserId: beneficiary.user.id });
      const late = await createBooking(api.dataSource, offer, { startsAt: new Date(Date.now() + HOUR), beneficiaryUserId: beneficiary.user.id });
      expect((await bookingAction(api, beneficiary, early.id, 'cancel')).json()).toMatchObject({ status: 'cancelled' });
      expect((await bookingAction(api, beneficiary, late.id, 'cancel')).json()).toMatchObject({
        status: 422,
        code: 'CANCELLATION_DEADLINE_PASSED',
        deadlineMinutes: 120,
      });
      expect((await bookingAction(api, mediator, late.id, 'cancel', { reason: 'Appel de la personne' })).json().status).toBe('cancelled');
    });
  });

  describe('access', () => {
    it('shows nobody another person’s booking (404), and lists only one’s own', async () => {
      const { offer, mediator, structure } = await openOffer(api);
      const [alice, bob, prescriber, otherPrescriber, otherMediator] = [
        await api.loginAs('beneficiary'),
        await api.loginAs('beneficiary'),
        await api.loginAs('prescriber'),
        await api.loginAs('prescriber'),
        await api.loginAs('mediator'),
      ];
      const day = parisDayFromNow(8);
      const alices = (await postBooking(api, alice, { offerId: offer.id, startsAt: parisInstant(day, '09:00').toISOString() })).json();
      const made = (
        await postBooking(api, prescriber, {
          offerId: offer.id,
          startsAt: parisInstant(day, '09:45').toISOString(),
          beneficiary: { name: 'Mme Leroy', phone: '0611111111' },
        })
      ).json();

      const get = (caller: LoggedIn, id: string) => api.app.inject({ method: 'GET', url: `/bookings/${id}`, headers: caller.headers });
      const list = async (caller: LoggedIn, query = '') =>
        (await api.app.inject({ method: 'GET', url: `/bookings${query}`, headers: caller.headers })).json().map((b: { id: string }) => b.id);

      for (const [caller, id] of [
        [bob, alices.id],
        [otherPrescriber, alices.id],
        [otherPrescriber, made.id],
        [otherMediator, alices.id],
        [alice, made.id],
      ] as const) {
        expect((await get(caller, id)).json()).toMatchObject({ status: 404, code: 'BOOKING_NOT_FOUND' });
        expect((await bookingAction(api, caller, id, 'cancel', { reason: 'x' })).statusCode).toBe(404);
      }
      expect((await bookingAction(api, otherMediator, alices.id, 'complete')).statusCode).toBe(404);
      expect((await get(alice, alices.id)).statusCode).toBe(200);
      expect((await get(prescriber, made.id)).statusCode).toBe(200);
      expect((await get(mediator, made.id)).statusCode).toBe(200);

      expect(await list(alice)).toEqual([alices.id]);
      expect(await list(bob)).toEqual([]);
      expect(await list(prescriber)).toEqual([made.id]);
      expect(await list(mediator, `?day=${day}`)).toEqual([alices.id, made.id]);
      expect(await list(mediator, `?day=${parisDayFromNow(9)}`)).toEqual([]);
      expect(await list(otherMediator, `?day=${day}`)).toEqual([]);
      const foreignAgenda = await api.app.inject({
        method: 'GET',
        url: `/bookings?day=${day}&structureId=${structure.id}`,
        headers: otherMediator.headers,
      });
      expect(foreignAgenda.json()).toMatchObject({ status: 404 });
      // A day that does not exist is a 400 (it reached PostgreSQL: a 500; found by the fuzzer).
      for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01']) {
        const agenda = await api.app.inject({ method: 'GET', url: `/bookings?day=${bad}`, headers: mediator.headers });
        expect({ bad, status: agenda.statusCode, code: agenda.json().code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
      }
    });
  });
});
