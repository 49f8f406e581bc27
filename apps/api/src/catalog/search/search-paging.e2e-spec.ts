import { startTestApi, type TestApi } from '@passerelle/testing';
import { SearchFixtures } from './search-fixtures';

describe('GET /offers/search — openOn, pagination, validation', () => {
  let api: TestApi;
  let fixtures: SearchFixtures;

  beforeAll(async () => {
    api = await startTestApi();
    fixtures = new SearchFixtures(api.dataSource);
  });
  afterAll(() => api.close());

  const get = (query: string) => api.app.inject({ method: 'GET', url: `/offers/search?${query}` });
  const search = async (query: string) => {
    const response = await get(query);
    expect(response.statusCode).toBe(200);
    return response.json() as { items: any[]; page: number; pageSize: number; hasMore: boolean };
  };

  describe('openOn', () => {
    let weekdays: string;
    let everyDay: string;
    let unknown: string;
    let holidays: string;

    beforeAll(async () => {
      const structure = await fixtures.structure();
      const at = (name: string, openingHours: string | null) => ({ name, postcode: '44000', openingHours });
      weekdays = (await fixtures.placeWithOffers(structure.id, at('A semaine', 'Mo-Sa 09:00-12:00'))).offers[0]!.id;
      everyDay = (await fixtures.placeWithOffers(structure.id, at('B tous les jours', 'Mo-Su 10:00-18:00'))).offers[0]!.id;
      unknown = (await fixtures.placeWithOffers(structure.id, at('C inconnus', null))).offers[0]!.id;
      holidays = (await fixtures.placeWithOffers(structure.id, at('D fériés fermés', 'Mo-Su 10:00-18:00; PH off'))).offers[0]!.id;
    });

    it('drops places closed that day (Sunday, public holiday) and keeps unknown hours', async () => {
      const ids = async (query: string) => (await search(`postcode=44000&${query}`)).items.map((item) => item.id);
      expect(await ids('openOn=2026-11-22')).toEqual([everyDay, unknown, holidays]); // a Sunday
      expect(await ids('openOn=2026-11-23')).toEqual([weekdays, everyDay, unknown, holidays]); // a Monday
      expect(await ids('openOn=2026-11-11')).toEqual([weekdays, everyDay, unknown]); // Armistice, a Wednesday
      expect(await ids('')).toEqual([weekdays, everyDay, unknown, holidays]);
    });

    it('paginates over the filtered sequence', async () => {
      const pages = [];
      for (const page of [1, 2, 3, 4]) pages.push(await search(`postcode=44000&openOn=2026-11-22&pageSize=1&page=${page}`));
      expect(pages.map((body) => body.items.map((item) => item.id))).toEqual([[everyDay], [unknown], [holidays], []]);
      expect(pages.map((body) => body.hasMore)).toEqual([true, true, false, false]);
    });
  });

  it('returns disjoint, stable pages that cover every match', async () => {
    const structure = await fixtures.structure();
    const all: string[] = [];
    for (const name of ['Gare', 'Mairie', 'Médiathèque', 'Centre social']) {
      const { offers } = await fixtures.placeWithOffers(structure.id, { name, postcode: '49000', commune: 'Angers' }, [
        {},
        { priceCents: 1500 },
      ]);
      all.push(...offers.map((offer) => offer.id));
    }
    const page = (n: number) => search(`postcode=49000&pageSize=3&page=${n}`);
    const [one, two, three] = [await page(1), await page(2), await page(3)];
    expect([one.hasMore, two.hasMore, three.hasMore]).toEqual([true, true, false]);
    expect([one.items.length, two.items.length, three.items.length]).toEqual([3, 3, 2]);
    const seen = [...one.items, ...two.items, ...three.items].map((item) => item.id);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort()).toEqual([...all].sort());
    // Sorted by commune then place name: Centre social, Gare, Mairie, Médiathèque.
    expect([...one.items, ...two.items, ...three.items].map((item) => item.place.name)).toEqual(
      ['Centre social', 'Centre social', 'Gare', 'Gare', 'Mairie', 'Mairie', 'Médiathèque', 'Médiathèque'],
    );
    expect((await page(2)).items.map((item) => item.id)).toEqual(two.items.map((item) => item.id));
  });

  it.each([
    ['lat without lon', 'lat=48.1'],
    ['lon without lat', 'lon=-1.6'],
    ['radius above 200 km', 'lat=48.1&lon=-1.6&radiusKm=500'],
    ['radius without a point', 'radiusKm=5'],
    ['latitude out of range', 'lat=91&lon=2'],
    ['latitude not a number', 'lat=abc&lon=2'],
    ['point and postcode', 'lat=48.1&lon=-1.6&postcode=35000'],
    ['postcode and insee', 'postcode=35000&insee=35238'],
    ['procedure and category', 'procedure=rsa-demande&category=social'],
    ['bad date', 'openOn=2026-02-30'],
    ['not a date', 'openOn=demain'],
    ['date with a time', 'openOn=2026-11-22T10:00:00Z'],
    ['free not a boolean', 'free=oui'],
    ['negative max price', 'maxPriceCents=-1'],
    ['fractional max price', 'maxPriceCents=10.5'],
    ['unknown modality', 'modality=teleportation'],
    ['unknown credential kind', 'credential=other'],
    ['page 0', 'page=0'],
    ['page size above 50', 'pageSize=51'],
    ['malformed postcode', 'postcode=750'],
    ['a parameter given twice', 'procedure=rsa-demande&procedure=caf-prime-activite'],
    ['an unknown parameter', 'sort=price'],
    ['SQL in a code', "procedure=x'%3B%20DROP%20TABLE%20offers%3B--"],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_case, query) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.any(Array) });
  });

  it('names the offending parameter', async () => {
    const response = await get('lat=48.1');
    expect(response.json().errors).toEqual([{ field: 'lat', problems: ['lat requires lon'] }]);
  });
});
