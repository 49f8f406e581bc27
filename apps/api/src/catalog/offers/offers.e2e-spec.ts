import { createPlace, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { mediatorWithPlace, offerBody, patchOffer, postOffer, putCap, statusOf } from './offers-test-kit';

describe('offers: publish, edit, read, cap enforcement', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
    // National cap 40 €, Finistère 30 €, for this procedure.
    expect((await putCap(api, admin, 'carte-grise-changement-titulaire', 4000)).statusCode).toBe(200);
    expect((await putCap(api, admin, 'carte-grise-changement-titulaire', 3000, '29')).statusCode).toBe(200);
  });
  afterAll(() => api.close());

  it('publishes funded and commercial offers at a place of your structure, audited', async () => {
    const { mediator, structure, place } = await mediatorWithPlace(api);
    const funded = await postOffer(api, mediator, offerBody(place.id, 'carte-grise-changement-titulaire', null));
    expect(funded.statusCode).toBe(201);
    expect(funded.json()).toMatchObject({
      structureId: structure.id,
      placeId: place.id,
      modality: 'on_site',
      durationMinutes: 45,
      pricing: { kind: 'funded', priceCents: null },
      status: 'active',
    });
    const commercial = await postOffer(api, mediator, offerBody(place.id, 'carte-grise-changement-titulaire', 4000));
    expect(commercial.statusCode).toBe(201);
    expect(commercial.json().pricing).toEqual({ kind: 'commercial', priceCents: 4000 });

    const list = await api.app.inject({ method: 'GET', url: `/structures/${structure.id}/offers`, headers: mediator.headers });
    expect(list.json().map((offer: { id: string }) => offer.id)).toEqual([funded.json().id, commercial.json().id]);
    const one = await api.app.inject({ method: 'GET', url: `/offers/${funded.json().id}`, headers: admin.headers });
    expect(one.json()).toEqual(funded.json());
    const [entry] = await api.dataSource.query("SELECT * FROM audit_log WHERE action = 'offer.created' AND object_id = $1", [
      commercial.json().id,
    ]);
    expect(entry).toMatchObject({ actor_user_id: mediator.user.id, object_type: 'offer' });
  });

  it('refuses a price above the cap in force on create: 422 with the cap in euros and its scope', async () => {
    const paris = await mediatorWithPlace(api, '75011');
    const national = await postOffer(api, paris.mediator, offerBody(paris.place.id, 'carte-grise-changement-titulaire', 4001));
    expect(national.statusCode).toBe(422);
    expect(national.json()).toMatchObject({ code: 'PRICE_ABOVE_CAP', maxPriceCents: 4000, departement: null });
    expect(national.json().detail).toContain('40,00 €');

    const quimper = await mediatorWithPlace(api, '29000');
    const departemental = await postOffer(api, quimper.mediator, offerBody(quimper.place.id, 'carte-grise-changement-titulaire', 3500));
    expect(departemental.statusCode).toBe(422);
    expect(departemental.json()).toMatchObject({ code: 'PRICE_ABOVE_CAP', maxPriceCents: 3000, departement: '29' });
    expect(departemental.json().detail).toContain('30,00 €');
    expect(departemental.json().detail).toContain('29');

    // No cap at all for another procedure: any price goes; a funded offer is never capped.
    expect((await postOffer(api, quimper.mediator, offerBody(quimper.place.id, 'rsa-demande', 99_900))).statusCode).toBe(201);
    expect((await postOffer(api, quimper.mediator, offerBody(quimper.place.id, 'carte-grise-changement-titulaire', null))).statusCode).toBe(201);
    const [{ n }] = await api.dataSource.query(
      "SELECT count(*)::int AS n FROM offers WHERE structure_id = $1 AND pricing_kind = 'commercial' AND procedure_code = 'carte-grise-changement-titulaire'",
      [quimper.structure.id],
    );
    expect(n).toBe(0);
  });

  it('refuses a price above the cap on edit, including when moving to a place with a lower cap', async () => {
    const { mediator, structure, place } = await mediatorWithPlace(api, '75011');
    const offer = (await postOffer(api, mediator, offerBody(place.id, 'carte-grise-changement-titulaire', 3500))).json();
    const raised = await patchOffer(api, mediator, offer.id, { pricing: { kind: 'commercial', priceCents: 4500 } });
    expect(raised.statusCode).toBe(422);
    expect(raised.json()).toMatchObject({ code: 'PRICE_ABOVE_CAP', maxPriceCents: 4000 });

    const finistere = await createPlace(api.dataSource, structure.id, { postcode: '29200' });
    const moved = await patchOffer(api, mediator, offer.id, { placeId: finistere.id });
    expect(moved.statusCode).toBe(422);
    expect(moved.json()).toMatchObject({ code: 'PRICE_ABOVE_CAP', maxPriceCents: 3000, departement: '29' });
    expect(await statusOf(api, offer.id)).toEqual({ status: 'active', price_cents: '3500' });

    const ok = await patchOffer(api, mediator, offer.id, { placeId: finistere.id, pricing: { kind: 'commercial', priceCents: 2900 }, status: 'paused', durationMinutes: 30 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ placeId: finistere.id, status: 'paused', durationMinutes: 30, pricing: { priceCents: 2900 } });
  });

  it("refuses a modality the place does not offer, on create, on edit and when moving to another place (422)", async () => {
    const { mediator, structure, place } = await mediatorWithPlace(api);
    const byPhone = await postOffer(api, mediator, offerBody(place.id, 'rsa-demande', null, { modality: 'phone' }));
    expect(byPhone.statusCode).toBe(422);
    expect(byPhone.json()).toMatchObject({ code: 'MODALITY_NOT_AT_PLACE', modality: 'phone', placeModalities: ['on_site'] });
    expect(byPhone.json().detail).toContain('par téléphone');

    const offer = (await postOffer(api, mediator, offerBody(place.id, 'rsa-demande', null))).json();
    const edited = await patchOffer(api, mediator, offer.id, { modality: 'video' });
    expect([edited.statusCode, edited.json().code]).toEqual([422, 'MODALITY_NOT_AT_PLACE']);
    const phonePlace = await createPlace(api.dataSource, structure.id, { modalities: ['phone', 'video'] });
    const moved = await patchOffer(api, mediator, offer.id, { placeId: phonePlace.id });
    expect([moved.statusCode, moved.json().code, moved.json().placeModalities]).toEqual([422, 'MODALITY_NOT_AT_PLACE', ['phone', 'video']]);
    const [row] = await api.dataSource.query('SELECT place_id, modality FROM offers WHERE id = $1', [offer.id]);
    expect(row).toEqual({ place_id: place.id, modality: 'on_site' });

    const both = await patchOffer(api, mediator, offer.id, { placeId: phonePlace.id, modality: 'video' });
    expect(both.json()).toMatchObject({ placeId: phonePlace.id, modality: 'video' });
  });

  it('answers 400 with codes to malformed input, never 500', async () => {
    const { mediator, place } = await mediatorWithPlace(api);
    const base = offerBody(place.id, 'carte-grise-changement-titulaire', 1000);
    const bad: object[] = [
      { ...base, pricing: { kind: 'commercial' } },
      { ...base, pricing: { kind: 'commercial', priceCents: 0 } },
      { ...base, pricing: { kind: 'commercial', priceCents: 12.5 } },
      { ...base, pricing: { kind: 'commercial', priceCents: '1000' } },
      { ...base, pricing: { kind: 'commercial', priceCents: 2 ** 60 } },
      { ...base, pricing: { kind: 'gratuit' } },
      { ...base, pricing: null },
      { ...base, durationMinutes: 4 },
      { ...base, durationMinutes: 481 },
      { ...base, modality: 'teleport' },
      { ...base, placeId: 'not-a-uuid' },
      { ...base, procedureCode: 42 },
      { ...base, extra: true },
    ];
    for (const payload of bad) {
      const response = await postOffer(api, mediator, payload);
      expect({ payload, status: response.statusCode, code: response.json().code }).toEqual({ payload, status: 400, code: 'VALIDATION_FAILED' });
    }
    const fundedWithPrice = await postOffer(api, mediator, { ...base, pricing: { kind: 'funded', priceCents: 1000 } });
    expect([fundedWithPrice.statusCode, fundedWithPrice.json().code]).toEqual([400, 'INVALID_PRICING']);
    const unknownProcedure = await postOffer(api, mediator, { ...base, procedureCode: 'demarche-inconnue' });
    expect([unknownProcedure.statusCode, unknownProcedure.json().code]).toEqual([404, 'PROCEDURE_NOT_FOUND']);
    const badId = await patchOffer(api, mediator, 'abc', {});
    expect([badId.statusCode, badId.json().code]).toEqual([400, 'INVALID_ID']);
  });

  it("never lets a mediator see or touch another structure's places or offers (404, no leak)", async () => {
    const owner = await mediatorWithPlace(api);
    const intruder = await mediatorWithPlace(api);
    const offer = (await postOffer(api, owner.mediator, offerBody(owner.place.id, 'carte-grise-changement-titulaire', 2000))).json();

    const onTheirPlace = await postOffer(api, intruder.mediator, offerBody(owner.place.id, 'carte-grise-changement-titulaire', 2000));
    expect([onTheirPlace.statusCode, onTheirPlace.json().code]).toEqual([404, 'PLACE_NOT_FOUND']);
    const missing = await postOffer(api, intruder.mediator, offerBody('6f1c0c2e-4a8e-4b7a-9d55-0c8b6c2f0e11', 'carte-grise-changement-titulaire', 2000));
    expect(missing.json()).toMatchObject({ code: onTheirPlace.json().code, detail: onTheirPlace.json().detail });

    for (const response of [
      await patchOffer(api, intruder.mediator, offer.id, { durationMinutes: 60 }),
      await api.app.inject({ method: 'GET', url: `/offers/${offer.id}`, headers: intruder.mediator.headers }),
    ]) {
      expect([response.statusCode, response.json().code]).toEqual([404, 'OFFER_NOT_FOUND']);
    }
    const theirList = await api.app.inject({ method: 'GET', url: `/structures/${owner.structure.id}/offers`, headers: intruder.mediator.headers });
    expect([theirList.statusCode, theirList.json().code]).toEqual([404, 'STRUCTURE_NOT_FOUND']);
    // Moving your offer to someone else's place is "place not found" too.
    const mine = (await postOffer(api, intruder.mediator, offerBody(intruder.place.id, 'rsa-demande', null))).json();
    const steal = await patchOffer(api, intruder.mediator, mine.id, { placeId: owner.place.id });
    expect([steal.statusCode, steal.json().code]).toEqual([404, 'PLACE_NOT_FOUND']);
    expect(await statusOf(api, offer.id)).toEqual({ status: 'active', price_cents: '2000' });
  });
});
