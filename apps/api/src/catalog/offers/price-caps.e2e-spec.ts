import { createOffer, parisDayFromNow, parisInstant, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { openOffer, postBooking } from '../../booking/booking-test-kit';
import { mediatorWithPlace, offerBody, patchOffer, postOffer, putCap, statusOf } from './offers-test-kit';

describe('price caps: setting, suspension, history, reactivation', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
  });
  afterAll(() => api.close());

  it('lowering the national cap suspends exactly the offers it governs above it, notifies, keeps history', async () => {
    const procedure = 'carte-grise-duplicata';
    const paris = await mediatorWithPlace(api, '75011');
    const lyon = await mediatorWithPlace(api, '69003');
    const brest = await mediatorWithPlace(api, '29200');
    expect((await putCap(api, admin, procedure, 6000, '29', 'Plafond breton')).statusCode).toBe(200);
    const above = await createOffer(api.dataSource, paris.place, { procedureCode: procedure, priceCents: 5000 });
    const pausedAbove = await createOffer(api.dataSource, lyon.place, { procedureCode: procedure, priceCents: 4500 });
    await api.dataSource.query("UPDATE offers SET status = 'paused' WHERE id = $1", [pausedAbove.id]);
    const atCap = await createOffer(api.dataSource, lyon.place, { procedureCode: procedure, priceCents: 3000 });
    const funded = await createOffer(api.dataSource, paris.place, { procedureCode: procedure });
    const otherProcedure = await createOffer(api.dataSource, paris.place, { procedureCode: 'rsa-demande', priceCents: 9000 });
    const ownDepartementCap = await createOffer(api.dataSource, brest.place, { procedureCode: procedure, priceCents: 5000 });

    const response = await putCap(api, admin, procedure, 3000, undefined, 'Arrêté tarifaire');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      cap: { procedureCode: procedure, departement: null, maxPriceCents: 3000, reason: 'Arrêté tarifaire' },
      previousMaxPriceCents: null,
      suspendedOffers: 2,
      reactivatesSuspendedOffers: false,
    });
    expect(response.json().notice).toMatch(/ne réactive pas/);

    expect(await statusOf(api, above.id)).toEqual({ status: 'suspended_over_cap', price_cents: '5000' });
    expect(await statusOf(api, pausedAbove.id)).toEqual({ status: 'suspended_over_cap', price_cents: '4500' });
    for (const untouched of [atCap, otherProcedure, ownDepartementCap]) expect((await statusOf(api, untouched.id)).status).toBe('active');
    expect(await statusOf(api, funded.id)).toEqual({ status: 'active', price_cents: null });

    const history = await api.app.inject({ method: 'GET', url: `/admin/price-caps/${procedure}/history`, headers: admin.headers });
    expect(history.json()[0]).toMatchObject({
      id: response.json().historyId,
      departement: null,
      oldMaxPriceCents: null,
      newMaxPriceCents: 3000,
      reason: 'Arrêté tarifaire',
      setBy: admin.user.id,
      suspendedOffers: 2,
      setAt: expect.any(String),
    });
    const jobs = await api.dataSource.query(
      `SELECT payload FROM outbox WHERE job_name = 'offers-suspended-over-cap' AND payload->>'capHistoryId' = $1`,
      [response.json().historyId],
    );
    expect(jobs.map((job: { payload: { structureId: string } }) => job.payload.structureId).sort()).toEqual(
      [paris.structure.id, lyon.structure.id].sort(),
    );
    expect(Object.keys(jobs[0].payload).sort()).toEqual(['capHistoryId', 'structureId']);
    const [audit] = await api.dataSource.query("SELECT * FROM audit_log WHERE action = 'price_cap.set' AND details->>'historyId' = $1", [
      response.json().historyId,
    ]);
    expect(audit.actor_user_id).toBe(admin.user.id);
    expect([...audit.details.suspendedOfferIds].sort()).toEqual([above.id, pausedAbove.id].sort());
  });

  it('a département cap suspends only offers of that département; raising it reactivates nothing', async () => {
    const procedure = 'permis-conduire-renouvellement';
    const rennes = await mediatorWithPlace(api, '35000');
    const other = await mediatorWithPlace(api, '44000');
    const inside = await createOffer(api.dataSource, rennes.place, { procedureCode: procedure, priceCents: 2500 });
    const outside = await createOffer(api.dataSource, other.place, { procedureCode: procedure, priceCents: 2500 });
    expect((await putCap(api, admin, procedure, 5000)).statusCode).toBe(200);

    const lowered = await putCap(api, admin, procedure, 2000, '35', 'Plafond départemental');
    expect(lowered.json()).toMatchObject({ suspendedOffers: 1, cap: { departement: '35' } });
    expect((await statusOf(api, inside.id)).status).toBe('suspended_over_cap');
    expect((await statusOf(api, outside.id)).status).toBe('active');

    const raised = await putCap(api, admin, procedure, 9000, '35', 'Erreur corrigée');
    expect(raised.json()).toMatchObject({ previousMaxPriceCents: 2000, suspendedOffers: 0, reactivatesSuspendedOffers: false });
    expect((await statusOf(api, inside.id)).status).toBe('suspended_over_cap');

    const history = (await api.app.inject({ method: 'GET', url: `/admin/price-caps/${procedure}/history`, headers: admin.headers })).json();
    expect(history.map((entry: { departement: string | null; oldMaxPriceCents: number | null; newMaxPriceCents: number }) => [
      entry.departement,
      entry.oldMaxPriceCents,
      entry.newMaxPriceCents,
    ])).toEqual([
      ['35', 2000, 9000],
      ['35', null, 2000],
      [null, null, 5000],
    ]);
    const publicCaps = await api.app.inject({ method: 'GET', url: `/price-caps?procedure=${procedure}` });
    expect(publicCaps.statusCode).toBe(200);
    expect(publicCaps.json().map((cap: { departement: string | null; maxPriceCents: number }) => [cap.departement, cap.maxPriceCents])).toEqual([
      [null, 5000],
      ['35', 9000],
    ]);
    expect(publicCaps.json()[0]).not.toHaveProperty('setBy');
  });

  it('a suspended offer comes back only when its mediator sets a price within the cap', async () => {
    const procedure = 'carte-grise-changement-adresse';
    const { mediator, place } = await mediatorWithPlace(api, '13001');
    const offer = (await postOffer(api, mediator, offerBody(place.id, procedure, 4000))).json();
    expect((await putCap(api, admin, procedure, 3000)).json().suspendedOffers).toBe(1);

    for (const status of ['active', 'paused']) {
      const refused = await patchOffer(api, mediator, offer.id, { status });
      expect([refused.statusCode, refused.json().code]).toEqual([422, 'OFFER_SUSPENDED_OVER_CAP']);
    }
    const stillTooHigh = await patchOffer(api, mediator, offer.id, { pricing: { kind: 'commercial', priceCents: 3500 } });
    expect([stillTooHigh.statusCode, stillTooHigh.json().code]).toEqual([422, 'PRICE_ABOVE_CAP']);
    // Other edits are fine while suspended; it stays suspended.
    const edited = await patchOffer(api, mediator, offer.id, { durationMinutes: 60 });
    expect(edited.json()).toMatchObject({ status: 'suspended_over_cap', durationMinutes: 60 });

    const lowered = await patchOffer(api, mediator, offer.id, { pricing: { kind: 'commercial', priceCents: 2990 } });
    expect(lowered.statusCode).toBe(200);
    expect(lowered.json()).toMatchObject({ status: 'active', pricing: { kind: 'commercial', priceCents: 2990 } });
    const [entry] = await api.dataSource.query("SELECT details FROM audit_log WHERE action = 'offer.reactivated' AND object_id = $1", [offer.id]);
    expect(entry.details).toMatchObject({ before: { priceCents: 4000, status: 'suspended_over_cap' }, after: { priceCents: 2990, status: 'active' } });
  });

  it('never touches the price of existing bookings: a booking made above the new cap keeps its price and stands', async () => {
    const { offer } = await openOffer(api, { priceCents: 3500 });
    const person = await api.loginAs('beneficiary');
    const booked = await postBooking(api, person, { offerId: offer.id, startsAt: parisInstant(parisDayFromNow(4), '09:00').toISOString() });
    expect(booked.statusCode).toBe(201);
    expect((await putCap(api, admin, 'carte-grise-changement-titulaire', 2000, '75', 'Plafond parisien')).json().suspendedOffers).toBe(1);

    expect((await statusOf(api, offer.id)).status).toBe('suspended_over_cap');
    const [booking] = await api.dataSource.query('SELECT status, pricing_kind, price_cents FROM bookings WHERE id = $1', [booked.json().id]);
    expect(booking).toEqual({ status: 'confirmed', pricing_kind: 'commercial', price_cents: '3500' });
    const mine = await api.app.inject({ method: 'GET', url: '/bookings', headers: person.headers });
    expect(mine.json().find((item: { id: string }) => item.id === booked.json().id)).toMatchObject({ price: { kind: 'commercial', priceCents: 3500 } });
  });

  it('validates the cap: 400 on malformed input, 404 on an unknown procedure, admin-only history', async () => {
    for (const payload of [
      { reason: 'x' },
      { maxPriceCents: 0, reason: 'x' },
      { maxPriceCents: 10.5, reason: 'x' },
      { maxPriceCents: 1000, reason: '' },
      { maxPriceCents: 1000, reason: 'x', departement: '20' },
      { maxPriceCents: 1000, reason: 'x', departement: 'Finistère' },
    ]) {
      const response = await api.app.inject({ method: 'PUT', url: '/admin/price-caps/rsa-demande', headers: admin.headers, payload });
      expect({ payload, status: response.statusCode, code: response.json().code }).toEqual({ payload, status: 400, code: 'VALIDATION_FAILED' });
    }
    const unknown = await putCap(api, admin, 'demarche-inconnue', 1000);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'PROCEDURE_NOT_FOUND']);
    const corsica = await putCap(api, admin, 'rsa-demande', 1000, '2a');
    expect(corsica.json().cap.departement).toBe('2A');
    const mediator = await api.loginAs('mediator');
    const denied = await api.app.inject({ method: 'GET', url: '/admin/price-caps/rsa-demande/history', headers: mediator.headers });
    expect(denied.statusCode).toBe(403);
    expect((await api.app.inject({ method: 'GET', url: '/price-caps?procedure=inconnue' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/price-caps?procedure=Bad Code' })).statusCode).toBe(400);
    expect((await api.app.inject({ method: 'GET', url: '/price-caps' })).statusCode).toBe(200);
  });
});
