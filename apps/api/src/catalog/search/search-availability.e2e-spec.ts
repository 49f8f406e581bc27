import { NextAvailabilityService } from '@passerelle/booking';
import { createBooking, createUser, parisDayFromNow, parisInstant, startTestApi, type TestApi } from '@passerelle/testing';
import { DateTime } from 'luxon';
import { northOf, SearchFixtures } from './search-fixtures';

describe('GET /offers/search — earliest availability', () => {
  let api: TestApi;
  let fixtures: SearchFixtures;
  let structureId: string;

  beforeAll(async () => {
    api = await startTestApi();
    fixtures = new SearchFixtures(api.dataSource);
    structureId = (await fixtures.structure()).id;
  });
  afterAll(() => api.close());

  const search = async (query: string) => {
    const response = await api.app.inject({ method: 'GET', url: `/offers/search?${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: { id: string; nextAvailableAt: string | null }[]; hasMore: boolean };
  };
  /** A weekly rule on the weekday of Paris day `day` (so its first occurrence from now is that day). */
  const ruleOn = (offerId: string, day: string, startTime = '09:00', endTime = '10:00', capacity = 1) =>
    api.dataSource.query('INSERT INTO opening_rules (offer_id, weekday, start_time, end_time, capacity) VALUES ($1, $2, $3, $4, $5)', [
      offerId,
      DateTime.fromISO(day).weekday,
      startTime,
      endTime,
      capacity,
    ]);
  const at = (lat: number, lon: number, name = 'Lieu') => ({ name, latitude: lat, longitude: lon, postcode: '35000', commune: 'Rennes' });
  const offersAt = async (lat: number, lon: number, offers: Parameters<SearchFixtures['placeWithOffers']>[2]) =>
    (await fixtures.placeWithOffers(structureId, at(lat, lon), offers)).offers.map((offer) => offer.id);
  const instant = (daysAhead: number, time = '09:00') => parisInstant(parisDayFromNow(daysAhead), time).toISOString();

  it('ranks offers at the same distance by earliest free slot, and one without rules last', async () => {
    // SQL alone would put the funded offers first (cheaper); availability must override it.
    const [noRules, later, sooner] = await offersAt(47.1, -1.1, [{}, {}, { priceCents: 1500 }]);
    await ruleOn(later!, parisDayFromNow(3));
    await ruleOn(sooner!, parisDayFromNow(1));
    const body = await search('lat=47.1&lon=-1.1&radiusKm=1');
    expect(body.items.map((item) => [item.id, item.nextAvailableAt])).toEqual([
      [sooner, instant(1)],
      [later, instant(3)],
      [noRules, null],
    ]);
  });

  it('still orders by distance first', async () => {
    const [far] = await offersAt(northOf(47.2, 0.5), -1.2, [{}]);
    const [near] = await offersAt(47.2, -1.2, [{}]);
    await ruleOn(far!, parisDayFromNow(1));
    const body = await search('lat=47.2&lon=-1.2&radiusKm=5');
    expect(body.items.map((item) => [item.id, item.nextAvailableAt])).toEqual([
      [near, null],
      [far, instant(1)],
    ]);
  });

  it('skips a fully booked slot and takes the next one', async () => {
    const [offer] = await offersAt(47.3, -1.3, [{ durationMinutes: 45 }]);
    await ruleOn(offer!, parisDayFromNow(1), '09:00', '10:30', 2);
    const first = parisInstant(parisDayFromNow(1), '09:00');
    await createBooking(api.dataSource, { id: offer! }, { startsAt: first });
    expect((await search('lat=47.3&lon=-1.3&radiusKm=1')).items[0]!.nextAvailableAt).toBe(first.toISOString());
    await createBooking(api.dataSource, { id: offer! }, { startsAt: first });
    expect((await search('lat=47.3&lon=-1.3&radiusKm=1')).items[0]!.nextAvailableAt).toBe(instant(1, '09:45'));
  });

  it('moves availability past a closure of the offer, then of the whole place', async () => {
    const place = await fixtures.placeWithOffers(structureId, at(47.4, -1.4), [{}]);
    const offer = place.offers[0]!.id;
    await ruleOn(offer, parisDayFromNow(1));
    await ruleOn(offer, parisDayFromNow(2));
    const author = await createUser(api.dataSource, { role: 'mediator' });
    const close = (column: 'offer_id' | 'place_id', id: string, daysAhead: number) =>
      api.dataSource.query(
        `INSERT INTO closures (${column}, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, 'Fermeture', $4)`,
        [id, parisInstant(parisDayFromNow(daysAhead), '00:00'), parisInstant(parisDayFromNow(daysAhead + 1), '00:00'), author.id],
      );
    const next = async () => (await search('lat=47.4&lon=-1.4&radiusKm=1')).items[0]!.nextAvailableAt;
    expect(await next()).toBe(instant(1));
    await close('offer_id', offer, 1);
    expect(await next()).toBe(instant(2));
    await close('place_id', place.place.id, 2);
    expect(await next()).toBe(instant(8));
  });

  it('keeps pages disjoint and in the same order when a tie group crosses page boundaries', async () => {
    const [closest] = await offersAt(47.5, -1.5, [{}]);
    const group = await offersAt(northOf(47.5, 0.3), -1.5, [{}, {}, {}, {}, {}]);
    const [farthest] = await offersAt(northOf(47.5, 0.6), -1.5, [{}]);
    const soonest = [1, 2, 4, 5];
    for (const [index, daysAhead] of soonest.entries()) await ruleOn(group[index]!, parisDayFromNow(daysAhead));
    const expected = [closest, ...group.slice(0, 4), group[4], farthest];
    const query = 'lat=47.5&lon=-1.5&radiusKm=2';
    expect((await search(`${query}&pageSize=50`)).items.map((item) => item.id)).toEqual(expected);
    for (const pageSize of [2, 3]) {
      const seen: string[] = [];
      const more: boolean[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / pageSize); page++) {
        const body = await search(`${query}&pageSize=${pageSize}&page=${page}`);
        seen.push(...body.items.map((item) => item.id));
        more.push(body.hasMore);
      }
      expect(seen).toEqual(expected);
      expect(more.at(-1)).toBe(false);
      expect(more.slice(0, -1).every(Boolean)).toBe(true);
    }
  });

  it('orders a postcode search by earliest availability, then commune and place name', async () => {
    const place = (name: string) => fixtures.placeWithOffers(structureId, { name, postcode: '29200', commune: 'Brest' }, [{}]);
    const [a, b, c] = [(await place('A'))!.offers[0]!.id, (await place('B'))!.offers[0]!.id, (await place('C'))!.offers[0]!.id];
    await ruleOn(c, parisDayFromNow(1));
    await ruleOn(b, parisDayFromNow(2));
    const ids = async (query: string) => (await search(`postcode=29200&${query}`)).items.map((item) => item.id);
    expect(await ids('')).toEqual([c, b, a]);
    expect([...(await ids('pageSize=1&page=1')), ...(await ids('pageSize=1&page=2')), ...(await ids('pageSize=1&page=3'))]).toEqual([c, b, a]);
    expect(await ids('openOn=2026-11-23')).toEqual([c, b, a]);
  });

  it('computes the instant of 09:00 Paris the morning the clocks go forward, and excludes started slots', async () => {
    const [offer] = await offersAt(47.6, -1.6, [{}]);
    await api.dataSource.query(
      `INSERT INTO opening_rules (offer_id, weekday, start_time, end_time, capacity) VALUES ($1, 6, '09:00', '10:00', 1), ($1, 7, '09:00', '10:00', 1)`,
      [offer],
    );
    const service = api.app.get(NextAvailabilityService);
    const earliest = async (now: string) => (await service.earliestFreeSlots([offer!], new Date(now))).get(offer!);
    expect(await earliest('2027-03-27T07:00:00Z')).toEqual({ startsAt: new Date('2027-03-27T08:00:00Z'), remaining: 1 }); // Saturday, CET
    expect(await earliest('2027-03-27T08:00:00Z')).toEqual({ startsAt: new Date('2027-03-28T07:00:00Z'), remaining: 1 }); // Sunday, CEST
  });

  it('reads rules, closures and occupancy of many offers at once, active offers only', async () => {
    const ids = await offersAt(47.7, -1.7, [{}, {}, {}]);
    for (const id of ids) await ruleOn(id, parisDayFromNow(1));
    await fixtures.setOfferStatus(ids[2]!, 'paused');
    const free = await api.app.get(NextAvailabilityService).earliestFreeSlots(ids);
    expect([...free.keys()].sort()).toEqual(ids.slice(0, 2).sort());
  });
});
