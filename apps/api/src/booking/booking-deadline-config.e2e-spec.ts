import { createBooking, startTestApi, type TestApi } from '@passerelle/testing';
import { bookingAction, openOffer } from './booking-test-kit';

const HOUR = 3_600_000;

describe('cancellation deadline from BOOKING_CANCELLATION_DEADLINE_MINUTES', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ BOOKING_CANCELLATION_DEADLINE_MINUTES: '1440' });
  });
  afterAll(() => api.close());

  it('holds for the prescriber who booked, at the configured 24 h', async () => {
    const { offer } = await openOffer(api);
    const prescriber = await api.loginAs('prescriber');
    const made = (startsAt: Date) => createBooking(api.dataSource, offer, { startsAt, bookedBy: prescriber.user.id, bookedAs: 'prescriber' });
    const tomorrowish = await made(new Date(Date.now() + 20 * HOUR));
    const later = await made(new Date(Date.now() + 30 * HOUR));
    expect((await bookingAction(api, prescriber, tomorrowish.id, 'cancel')).json()).toMatchObject({
      status: 422,
      code: 'CANCELLATION_DEADLINE_PASSED',
      deadlineMinutes: 1440,
    });
    expect((await bookingAction(api, prescriber, later.id, 'cancel')).json().status).toBe('cancelled');
  });
});
