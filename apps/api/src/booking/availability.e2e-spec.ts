import { createOffer, createPlace, createStructure, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { postBooking } from './booking-test-kit';

describe('availability: opening rules, closures, slots', () => {
  let api: TestApi;
  let mediator: LoggedIn;
  let offerId: string;

  beforeAll(async () => {
    api = await startTestApi();
    mediator = await api.loginAs('mediator');
    const structure = await createStructure(api.dataSource, { organisationId: mediator.user.organisationId! });
    const place = await createPlace(api.dataSource, structure.id);
    offerId = (await createOffer(api.dataSource, { id: place.id, structure_id: structure.id }, { durationMinutes: 45 })).id;
  });
  afterAll(() => api.close());

  const putRules = (caller: LoggedIn, rules: object[], id = offerId) =>
    api.app.inject({ method: 'PUT', url: `/offers/${id}/opening-rules`, headers: caller.headers, payload: { rules } });
  const slots = async (from: string, to: string) => {
    const response = await api.app.inject({ method: 'GET', url: `/offers/${offerId}/slots?from=${from}&to=${to}` });
    expect(response.statusCode).toBe(200);
    return response.json() as { startsAt: string; endsAt: string; capacity: number; remaining: number }[];
  };

  it('lets a mediator of the structure set rules, and nobody else (404)', async () => {
    const rules = [
      { weekday: 6, startTime: '09:00', endTime: '10:30', capacity: 3 },
      { weekday: 7, startTime: '09:00', endTime: '10:30', capacity: 3 },
      { weekday: 7, startTime: '01:00', endTime: '04:00', capacity: 1, validFrom: '2027-03-28', validUntil: '2027-03-28' },
    ];
    const response = await putRules(mediator, rules);
    expect(response.statusCode).toBe(200);
    expect(response.json().rules).toHaveLength(3);
    expect(response.json().rules[0]).toMatchObject({ weekday: 6, startTime: '09:00', endTime: '10:30', capacity: 3, validFrom: null });

    const stranger = await api.loginAs('mediator');
    expect((await putRules(stranger, rules)).json()).toMatchObject({ status: 404, code: 'OFFER_NOT_FOUND' });
    expect((await putRules(mediator, [{ weekday: 1, startTime: '10:00', endTime: '09:00', capacity: 1 }])).json().code).toBe(
      'INVALID_OPENING_RULES',
    );
    const overlapping = [
      { weekday: 1, startTime: '09:00', endTime: '12:00', capacity: 1 },
      { weekday: 1, startTime: '11:00', endTime: '13:00', capacity: 1 },
    ];
    expect((await putRules(mediator, overlapping)).statusCode).toBe(400);
    expect((await putRules(mediator, [{ weekday: 8, startTime: '09:00', endTime: '10:00', capacity: 1 }])).statusCode).toBe(400);
  });

  it('refuses days that do not exist in rules and slot periods with 400 (a rule valid until 2026-02-30 used to reach PostgreSQL: a 500)', async () => {
    const [{ id: placeId }] = await api.dataSource.query('SELECT place_id AS id FROM offers WHERE id = $1', [offerId]);
    const ownOffer = (await createOffer(api.dataSource, { id: placeId, structure_id: mediator.user.organisationId! }, { procedureCode: 'carte-grise-duplicata' })).id;
    const rule = { weekday: 1, startTime: '09:00', endTime: '12:00', capacity: 1 };
    for (const dates of [{ validUntil: '2026-02-30' }, { validFrom: '2027-02-29' }, { validFrom: '2026-04-31' }]) {
      const response = await putRules(mediator, [{ ...rule, ...dates }], ownOffer);
      expect({ dates, status: response.statusCode, code: response.json().code }).toEqual({ dates, status: 400, code: 'VALIDATION_FAILED' });
    }
    const period = await api.app.inject({ method: 'GET', url: `/offers/${ownOffer}/slots?from=2026-02-30&to=2026-03-02` });
    expect([period.statusCode, period.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await putRules(mediator, [{ ...rule, validFrom: '2028-02-29' }], ownOffer)).statusCode).toBe(200);
  });

  it('computes slots in Paris time across the March change: 09:00 is 08:00Z on Saturday, 07:00Z on Sunday; 02:00 never exists', async () => {
    expect((await slots('2027-03-27', '2027-03-28')).map((slot) => slot.startsAt)).toEqual([
      '2027-03-27T08:00:00.000Z',
      '2027-03-27T08:45:00.000Z',
      '2027-03-28T00:00:00.000Z', // 01:00 CET
      '2027-03-28T00:45:00.000Z', // 01:45 CET; 01:00–04:00 lasts two real hours that night

      '2027-03-28T07:00:00.000Z',
      '2027-03-28T07:45:00.000Z',
    ]);
  });

  it('computes slots across the October change: 09:00 is 07:00Z on Saturday, 08:00Z on Sunday', async () => {
    const october = await slots('2027-10-30', '2027-10-31');
    expect(october.map((slot) => slot.startsAt)).toEqual([
      '2027-10-30T07:00:00.000Z',
      '2027-10-30T07:45:00.000Z',
      '2027-10-31T08:00:00.000Z',
      '2027-10-31T08:45:00.000Z',
    ]);
    expect(october[0]).toEqual({ startsAt: '2027-10-30T07:00:00.000Z', endsAt: '2027-10-30T07:45:00.000Z', capacity: 3, remaining: 3 });
  });

  it('leaves out closed slots (offer or whole place), and reopens them when the closure goes', async () => {
    const closure = await api.app.inject({
      method: 'POST',
      url: `/offers/${offerId}/closures`,
      headers: mediator.headers,
      payload: { startsAt: '2027-10-30T07:30:00Z', endsAt: '2027-10-30T08:00:00Z', reason: 'Réunion', wholePlace: true },
    });
    expect(closure.statusCode).toBe(201);
    expect(closure.json()).toMatchObject({ scope: 'place', reason: 'Réunion' });
    expect((await slots('2027-10-30', '2027-10-30')).map((slot) => slot.startsAt)).toEqual([]);

    const listed = await api.app.inject({ method: 'GET', url: `/offers/${offerId}/closures`, headers: mediator.headers });
    expect(listed.json().map((row: { id: string }) => row.id)).toContain(closure.json().id);
    const stranger = await api.loginAs('mediator');
    const strangerDelete = await api.app.inject({ method: 'DELETE', url: `/closures/${closure.json().id}`, headers: stranger.headers });
    expect(strangerDelete.statusCode).toBe(404);
    const removed = await api.app.inject({ method: 'DELETE', url: `/closures/${closure.json().id}`, headers: mediator.headers });
    expect(removed.statusCode).toBe(204);
    expect(await slots('2027-10-30', '2027-10-30')).toHaveLength(2);
  });

  it('counts bookings in `remaining`, refuses slots that do not exist, and validates the period', async () => {
    const beneficiary = await api.loginAs('beneficiary');
    expect((await postBooking(api, beneficiary, { offerId, startsAt: '2027-10-31T08:00:00.000Z' })).statusCode).toBe(201);
    expect((await slots('2027-10-31', '2027-10-31'))[0]).toMatchObject({ startsAt: '2027-10-31T08:00:00.000Z', remaining: 2 });
    const offSlot = await postBooking(api, beneficiary, { offerId, startsAt: '2027-10-31T08:10:00.000Z' });
    expect(offSlot.json()).toMatchObject({ status: 422, code: 'SLOT_NOT_AVAILABLE' });

    const reversed = await api.app.inject({ method: 'GET', url: `/offers/${offerId}/slots?from=2027-10-31&to=2027-10-30` });
    expect(reversed.json()).toMatchObject({ status: 400, code: 'INVALID_PERIOD' });
    const tooLong = await api.app.inject({ method: 'GET', url: `/offers/${offerId}/slots?from=2027-01-01&to=2027-12-31` });
    expect(tooLong.statusCode).toBe(400);
    const missing = await api.app.inject({ method: 'GET', url: '/offers/00000000-0000-4000-8000-000000000000/slots?from=2027-01-01&to=2027-01-02' });
    expect(missing.statusCode).toBe(404);
  });
});
