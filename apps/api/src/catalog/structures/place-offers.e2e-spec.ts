import { createOffer, createPlace, startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { mediatorWithPlace, putCap, statusOf } from '../offers/offers-test-kit';

const PROCEDURE = 'carte-grise-changement-titulaire';
const QUIMPER = { postcode: '29000', inseeCode: '29232', commune: 'Quimper' };

describe('a place change and its offers: modalities in use, a new département re-checks the caps', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
    // National cap 40 €, Finistère 30 €.
    expect((await putCap(api, admin, PROCEDURE, 4000)).statusCode).toBe(200);
    expect((await putCap(api, admin, PROCEDURE, 3000, '29')).statusCode).toBe(200);
  });
  afterAll(() => api.close());

  const patchPlace = (who: LoggedIn, id: string, payload: object) =>
    api.app.inject({ method: 'PATCH', url: `/places/${id}`, headers: who.headers, payload });
  const outboxJobs = (structureId: string) =>
    api.dataSource.query(
      `SELECT payload FROM outbox WHERE job_name = 'offers-suspended-over-cap' AND payload->>'structureId' = $1`,
      [structureId],
    ) as Promise<{ payload: Record<string, string> }[]>;

  it('refuses to drop a modality that offers use (409 naming them), changing nothing; an unused one goes', async () => {
    const { mediator, structure } = await mediatorWithPlace(api);
    const place = await createPlace(api.dataSource, structure.id, { modalities: ['on_site', 'phone', 'video'] });
    const byPhone = await createOffer(api.dataSource, place, { modality: 'phone' });
    const onSite = await createOffer(api.dataSource, place, { modality: 'on_site' });

    const refused = await patchPlace(mediator, place.id, { modalities: ['video'], name: 'Renommé' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'MODALITY_IN_USE', offerIds: [byPhone.id, onSite.id], modalities: ['phone', 'on_site'] });
    const [row] = await api.dataSource.query('SELECT name, modalities FROM places WHERE id = $1', [place.id]);
    expect(row).toEqual({ name: 'Espace public numérique', modalities: ['on_site', 'phone', 'video'] });

    const dropped = await patchPlace(mediator, place.id, { modalities: ['on_site', 'phone'] });
    expect([dropped.statusCode, dropped.json().modalities]).toEqual([200, ['on_site', 'phone']]);
  });

  it('moving to a département with a lower cap suspends exactly the offers above it there, never repricing, and tells the structure', async () => {
    const { mediator, structure, place } = await mediatorWithPlace(api);
    const above = await createOffer(api.dataSource, place, { priceCents: 3500 });
    const pausedAbove = await createOffer(api.dataSource, place, { priceCents: 3900 });
    await api.dataSource.query("UPDATE offers SET status = 'paused' WHERE id = $1", [pausedAbove.id]);
    const atCap = await createOffer(api.dataSource, place, { priceCents: 3000 });
    const funded = await createOffer(api.dataSource, place);
    const uncapped = await createOffer(api.dataSource, place, { procedureCode: 'rsa-demande', priceCents: 9000 });
    const elsewhere = await createPlace(api.dataSource, structure.id);
    const otherPlace = await createOffer(api.dataSource, elsewhere, { priceCents: 3500 });

    const moved = await patchPlace(mediator, place.id, QUIMPER);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ departement: '29', postcode: '29000', inseeCode: '29232' });

    expect(await statusOf(api, above.id)).toEqual({ status: 'suspended_over_cap', price_cents: '3500' });
    expect(await statusOf(api, pausedAbove.id)).toEqual({ status: 'suspended_over_cap', price_cents: '3900' });
    for (const untouched of [atCap, uncapped, otherPlace]) expect((await statusOf(api, untouched.id)).status).toBe('active');
    expect(await statusOf(api, funded.id)).toEqual({ status: 'active', price_cents: null });

    const [move] = await api.dataSource.query('SELECT * FROM place_departement_changes WHERE place_id = $1', [place.id]);
    expect(move).toMatchObject({ structure_id: structure.id, old_departement: '75', new_departement: '29', changed_by: mediator.user.id, suspended_offers: 2 });
    expect((await outboxJobs(structure.id)).map((job) => job.payload)).toEqual([{ structureId: structure.id, placeMoveId: move.id }]);
    const [audit] = await api.dataSource.query("SELECT details FROM audit_log WHERE action = 'place.updated' AND object_id = $1", [place.id]);
    expect(audit.details.fields).toEqual(expect.arrayContaining(['postcode', 'inseeCode', 'departement']));
    expect([...audit.details.suspendedOfferIds].sort()).toEqual([above.id, pausedAbove.id].sort());

    // Moving back does not reactivate them (as raising a cap does not): their mediator lowers the price.
    expect((await patchPlace(mediator, place.id, { postcode: '75011', inseeCode: '75111', commune: 'Paris' })).json().departement).toBe('75');
    expect((await statusOf(api, above.id)).status).toBe('suspended_over_cap');
    const [back] = await api.dataSource.query('SELECT suspended_offers FROM place_departement_changes WHERE place_id = $1 AND new_departement = $2', [place.id, '75']);
    expect(back.suspended_offers).toBe(0);
    expect(await outboxJobs(structure.id)).toHaveLength(1);
  });

  it('refuses a half move (only the postcode or only the INSEE code, now in two départements) with 422, changing nothing', async () => {
    const { mediator, structure } = await mediatorWithPlace(api);
    const place = await createPlace(api.dataSource, structure.id, { postcode: '75011', inseeCode: '75111' });
    const offer = await createOffer(api.dataSource, place, { priceCents: 3500 });
    for (const payload of [{ postcode: '29000' }, { inseeCode: '29232' }]) {
      const refused = await patchPlace(mediator, place.id, payload);
      expect([refused.statusCode, refused.json().code]).toEqual([422, 'POSTCODE_INSEE_MISMATCH']);
      expect(refused.json()).toMatchObject({ postcodeDepartement: expect.any(String), inseeDepartement: expect.any(String) });
    }
    const [row] = await api.dataSource.query('SELECT postcode, insee_code, departement FROM places WHERE id = $1', [place.id]);
    expect(row).toEqual({ postcode: '75011', insee_code: '75111', departement: '75' });
    expect((await statusOf(api, offer.id)).status).toBe('active');
    // A new postcode in the same département is no move.
    expect((await patchPlace(mediator, place.id, { postcode: '75012' })).statusCode).toBe(200);
  });
});
