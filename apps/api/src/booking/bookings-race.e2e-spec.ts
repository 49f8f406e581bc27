import { parisDayFromNow, parisInstant, startTestApi, type TestApi } from '@passerelle/testing';
import { openOffer, postBooking } from './booking-test-kit';

/** Capacity is PostgreSQL's to enforce: these requests really race, through the whole HTTP stack. */
describe('bookings under concurrency', () => {
  let api: TestApi;

  beforeAll(async () => {
    // 200 requests at once queue for pool connections; the default 10 with a 3 s acquire timeout
    // answers some of them 503 on a loaded test machine. The race is the same with a bigger pool.
    api = await startTestApi({ DATABASE_POOL_SIZE: '40' });
  });
  afterAll(() => api.close());

  async function race(capacity: number, requests: number) {
    const { offer } = await openOffer(api, { capacity });
    const prescriber = await api.loginAs('prescriber');
    const startsAt = parisInstant(parisDayFromNow(5), '09:45').toISOString();
    const responses = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        postBooking(api, prescriber, {
          offerId: offer.id,
          startsAt,
          beneficiary: { name: `Personne ${i}`, phone: `+3361${String(i).padStart(7, '0')}` },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    const unexpected = responses.filter((response) => response.statusCode !== 201 && response.statusCode !== 409);
    expect(unexpected.map((response) => response.body)).toEqual([]);
    const [occupancy] = await api.dataSource.query('SELECT booked, capacity FROM slot_occupancy WHERE offer_id = $1', [offer.id]);
    const [{ n }] = await api.dataSource.query("SELECT count(*)::int AS n FROM bookings WHERE offer_id = $1 AND status = 'confirmed'", [
      offer.id,
    ]);
    return { statuses, responses, occupancy, bookings: n as number };
  }

  it('200 parallel requests on a capacity-1 slot: exactly 1 booking, 199 × 409 SLOT_FULL', async () => {
    const { statuses, responses, occupancy, bookings } = await race(1, 200);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    expect(new Set(responses.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['SLOT_FULL']));
    expect(occupancy).toEqual({ booked: 1, capacity: 1 });
    expect(bookings).toBe(1);
  });

  it('200 parallel requests on a capacity-5 slot: exactly 5 bookings', async () => {
    const { statuses, occupancy, bookings } = await race(5, 200);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(195);
    expect(occupancy).toEqual({ booked: 5, capacity: 5 });
    expect(bookings).toBe(5);
  });

  it('one person racing for the same slot 30 times holds one booking (409 ALREADY_BOOKED), and uses one place', async () => {
    const { offer } = await openOffer(api, { capacity: 10 });
    const beneficiary = await api.loginAs('beneficiary');
    const startsAt = parisInstant(parisDayFromNow(6), '10:30').toISOString();
    const responses = await Promise.all(Array.from({ length: 30 }, () => postBooking(api, beneficiary, { offerId: offer.id, startsAt })));
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
    const refused = responses.filter((response) => response.statusCode !== 201);
    expect(refused.every((response) => response.statusCode === 409 && response.json().code === 'ALREADY_BOOKED')).toBe(true);
    const [occupancy] = await api.dataSource.query('SELECT booked FROM slot_occupancy WHERE offer_id = $1', [offer.id]);
    expect(occupancy.booked).toBe(1);
  });

  it('follows a capacity the mediator raises after the first bookings', async () => {
    const { offer } = await openOffer(api, { capacity: 1 });
    const prescriber = await api.loginAs('prescriber');
    const startsAt = parisInstant(parisDayFromNow(5), '11:15').toISOString();
    const book = (i: number) =>
      postBooking(api, prescriber, { offerId: offer.id, startsAt, beneficiary: { name: `P ${i}`, phone: `+3362${String(i).padStart(7, '0')}` } });
    expect((await book(1)).statusCode).toBe(201);
    expect((await book(2)).json().code).toBe('SLOT_FULL');
    await api.dataSource.query('UPDATE opening_rules SET capacity = 3 WHERE offer_id = $1', [offer.id]);
    const more = await Promise.all([2, 3, 4, 5].map(book));
    expect(more.map((response) => response.statusCode).sort()).toEqual([201, 201, 409, 409]);
  });
});
