import { startTestApi, type TestApi } from '@passerelle/testing';
import { SearchFixtures, northOf } from './search-fixtures';

/** Each test works in its own town (point or postcode), so tests in this file do not see each other. */
describe('GET /offers/search — filters', () => {
  let api: TestApi;
  let fixtures: SearchFixtures;

  beforeAll(async () => {
    api = await startTestApi();
    fixtures = new SearchFixtures(api.dataSource);
  });
  afterAll(() => api.close());

  const search = async (query: string) => {
    const response = await api.app.inject({ method: 'GET', url: `/offers/search?${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: any[]; page: number; pageSize: number; hasMore: boolean };
  };

  it('keeps offers inside the radius, nearest first, then funded before paid, then cheaper', async () => {
    const rennes = { lat: 48.1173, lon: -1.6778 };
    const structure = await fixtures.structure('Rennes Numérique');
    const at = (km: number, name: string) => ({ name, latitude: northOf(rennes.lat, km), longitude: rennes.lon, postcode: '35000' });
    const far = await fixtures.placeWithOffers(structure.id, at(30, 'Loin'));
    const five = await fixtures.placeWithOffers(structure.id, at(5, 'Cinq'), [{ priceCents: 4000 }, { priceCents: 2500 }, {}]);
    const one = await fixtures.placeWithOffers(structure.id, at(1, 'Un'));

    const body = await search(`lat=${rennes.lat}&lon=${rennes.lon}&radiusKm=10`);
    expect(body.items.map((item) => item.id)).toEqual([
      one.offers[0]!.id,
      five.offers[2]!.id, // funded
      five.offers[1]!.id, // 25 €
      five.offers[0]!.id, // 40 €
    ]);
    expect(body.items[0].place.distanceKm).toBeCloseTo(1, 1);
    expect(body.items[1].place.distanceKm).toBeCloseTo(5, 1);
    expect(body).toMatchObject({ page: 1, pageSize: 20, hasMore: false });

    const wider = await search(`lat=${rennes.lat}&lon=${rennes.lon}&radiusKm=50`);
    expect(wider.items.map((item) => item.id).at(-1)).toBe(far.offers[0]!.id);

    // Default radius is 10 km.
    expect((await search(`lat=${rennes.lat}&lon=${rennes.lon}`)).items).toHaveLength(4);
  });

  it('describes each result: procedure, place, structure, pricing sentence, credentials', async () => {
    const structure = await fixtures.structure('Brest Médiation', [{ kind: 'aptic' }, { kind: 'france_services' }]);
    const { place, offers } = await fixtures.placeWithOffers(structure.id, { postcode: '29200', commune: 'Brest', name: 'EPN Brest' }, [
      { priceCents: 3500, durationMinutes: 30, modality: 'on_site' },
    ]);
    const body = await search('postcode=29200');
    expect(body.items).toEqual([
      {
        id: offers[0]!.id,
        procedure: { code: 'carte-grise-changement-titulaire', title: expect.any(String) },
        place: {
          id: place.id,
          name: 'EPN Brest',
          address: '12 rue de la Roquette',
          postcode: '29200',
          commune: 'Brest',
          lat: 48.8556,
          lon: 2.3747,
          distanceKm: null,
          openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00',
        },
        structure: { id: structure.id, name: 'Brest Médiation' },
        modality: 'on_site',
        durationMinutes: 30,
        pricing: { kind: 'commercial', priceCents: 3500, label: 'Payant : 35,00 € TTC' },
        credentials: ['aptic', 'france_services'],
        nextAvailableAt: null,
      },
    ]);
  });

  it('filters by postcode, commune INSEE code, procedure, category and modality', async () => {
    const structure = await fixtures.structure();
    const quimper = await fixtures.placeWithOffers(structure.id, { postcode: '29000', inseeCode: '29232', commune: 'Quimper' }, [
      { procedureCode: 'carte-grise-changement-titulaire' },
      { procedureCode: 'caf-prime-activite', modality: 'phone' },
    ]);
    await fixtures.placeWithOffers(structure.id, { postcode: '29900', inseeCode: '29039', commune: 'Concarneau' });

    const ids = async (query: string) => (await search(query)).items.map((item) => item.id).sort();
    expect(await ids('postcode=29000')).toEqual(quimper.offers.map((offer) => offer.id).sort());
    expect(await ids('insee=29232')).toEqual(quimper.offers.map((offer) => offer.id).sort());
    expect(await ids('postcode=29000&procedure=caf-prime-activite')).toEqual([quimper.offers[1]!.id]);
    expect(await ids('postcode=29000&category=transports')).toEqual([quimper.offers[0]!.id]);
    expect(await ids('postcode=29000&modality=phone')).toEqual([quimper.offers[1]!.id]);
    expect(await ids('procedure=procedure-inconnue')).toEqual([]);
  });

  it('keeps only funded offers with free=true, and funded or cheap enough with maxPriceCents', async () => {
    const structure = await fixtures.structure();
    const { offers } = await fixtures.placeWithOffers(structure.id, { postcode: '56000' }, [
      {},
      { priceCents: 2500 },
      { priceCents: 4000 },
    ]);
    const [funded, cheap, dear] = offers.map((offer) => offer.id);

    const free = await search('postcode=56000&free=true');
    expect(free.items.map((item) => item.id)).toEqual([funded]);
    expect(free.items[0].pricing).toEqual({
      kind: 'funded',
      priceCents: null,
      label: 'Gratuit pour vous : pris en charge par un pass numérique',
    });
    expect((await search('postcode=56000&maxPriceCents=2500')).items.map((item) => item.id)).toEqual([funded, cheap]);
    expect((await search('postcode=56000&free=false')).items.map((item) => item.id)).toEqual([funded, cheap, dear]);
  });

  it('hides structures without an active credential (pending, expired, none), paused and suspended offers', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const visible = await fixtures.structure('Visible', [{ expiresOn: tomorrow }]);
    const pending = await fixtures.structure('En attente', [{ status: 'pending' }]);
    const expired = await fixtures.structure('Expirée', [{ expiresOn: '2020-01-01' }]);
    const none = await fixtures.structure('Sans label', []);
    const mixed = await fixtures.structure('Une expirée, une valide', [{ expiresOn: '2020-01-01', kind: 'aptic' }, { kind: 'aidants_connect' }]);
    const place = { postcode: '22000' };
    const shown = await fixtures.placeWithOffers(visible.id, place, [{}, { priceCents: 1000 }, { priceCents: 2000 }]);
    const shownToo = await fixtures.placeWithOffers(mixed.id, place);
    for (const structure of [pending, expired, none]) await fixtures.placeWithOffers(structure.id, place);
    await fixtures.setOfferStatus(shown.offers[1]!.id, 'paused');
    await fixtures.setOfferStatus(shown.offers[2]!.id, 'suspended_over_cap');

    const body = await search('postcode=22000');
    expect(body.items.map((item) => item.id).sort()).toEqual([shown.offers[0]!.id, shownToo.offers[0]!.id].sort());
    // Expired credentials are not listed either.
    expect(body.items.find((item) => item.structure.id === mixed.id).credentials).toEqual(['aidants_connect']);

    // The credential filter counts active credentials of that kind only.
    expect((await search('postcode=22000&credential=aptic')).items.map((item) => item.id)).toEqual([shown.offers[0]!.id]);
    expect((await search('postcode=22000&credential=aidants_connect')).items.map((item) => item.id)).toEqual([
      shownToo.offers[0]!.id,
    ]);
  });
});
