import { buildSearchSql } from '@passerelle/catalog';
import { createCredential, startTestApi, type TestApi } from '@passerelle/testing';
import { SearchFixtures, northOf } from './search-fixtures';

/**
 * `offer_search` is kept by PostgreSQL triggers: every write to offers, places, credentials and
 * procedures shows in search results at once, and expiry counts by date alone. Each test works in
 * its own postcode or point.
 */
describe('GET /offers/search follows the catalogue', () => {
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
    return (response.json() as { items: any[] }).items;
  };
  const ids = async (query: string) => (await search(query)).map((item) => item.id).sort();

  it('follows an offer paused, resumed, edited and repriced', async () => {
    const structure = await fixtures.structure();
    const { offers } = await fixtures.placeWithOffers(structure.id, { postcode: '21000' }, [{ priceCents: 3000 }]);
    const offer = offers[0]!.id;
    expect(await ids('postcode=21000')).toEqual([offer]);

    await fixtures.setOfferStatus(offer, 'paused');
    expect(await ids('postcode=21000')).toEqual([]);
    await fixtures.setOfferStatus(offer, 'active');
    expect(await ids('postcode=21000')).toEqual([offer]);

    await api.dataSource.query(`UPDATE offers SET modality = 'phone', procedure_code = 'caf-prime-activite' WHERE id = $1`, [offer]);
    expect(await ids('postcode=21000&modality=on_site')).toEqual([]);
    expect(await ids('postcode=21000&modality=phone&procedure=caf-prime-activite')).toEqual([offer]);
    expect(await ids('postcode=21000&category=transports')).toEqual([]);

    expect(await ids('postcode=21000&maxPriceCents=2000')).toEqual([]);
    await api.dataSource.query('UPDATE offers SET price_cents = 1500 WHERE id = $1', [offer]);
    const [repriced] = await search('postcode=21000&maxPriceCents=2000');
    expect(repriced.pricing).toMatchObject({ kind: 'commercial', priceCents: 1500, label: 'Payant : 15,00 € TTC' });
    await api.dataSource.query(`UPDATE offers SET pricing_kind = 'funded', price_cents = NULL WHERE id = $1`, [offer]);
    expect(await ids('postcode=21000&free=true')).toEqual([offer]);
  });

  it('follows a place moved to another point and postcode', async () => {
    const dijon = { lat: 47.322, lon: 5.0415 };
    const beaune = { lat: 47.0259, lon: 4.84 };
    const structure = await fixtures.structure();
    const { place, offers } = await fixtures.placeWithOffers(
      structure.id,
      { postcode: '21001', latitude: northOf(dijon.lat, 2), longitude: dijon.lon },
      [{}, { procedureCode: 'caf-prime-activite' }],
    );
    const near = (point: { lat: number; lon: number }) => `lat=${point.lat}&lon=${point.lon}&radiusKm=5`;
    expect(await ids(near(dijon))).toEqual(offers.map((offer) => offer.id).sort());

    await api.dataSource.query(
      `UPDATE places SET latitude = $2, longitude = $3, postcode = '21200', commune = 'Beaune', name = 'Nouveau lieu' WHERE id = $1`,
      [place.id, beaune.lat, beaune.lon],
    );
    expect(await ids(near(dijon))).toEqual([]);
    expect(await ids('postcode=21001')).toEqual([]);
    const moved = await search(near(beaune));
    expect(moved.map((item) => item.id).sort()).toEqual(offers.map((offer) => offer.id).sort());
    expect(moved[0].place).toMatchObject({ postcode: '21200', commune: 'Beaune', name: 'Nouveau lieu', distanceKm: 0 });
  });

  it('shows a structure once a credential is verified, hides it once revoked', async () => {
    const structure = await fixtures.structure('En attente', []);
    const credential = await createCredential(api.dataSource, structure.id, '', { kind: 'france_services', status: 'pending' });
    const { offers } = await fixtures.placeWithOffers(structure.id, { postcode: '21140' });
    expect(await ids('postcode=21140')).toEqual([]);

    await fixtures.decideCredential(credential.id, 'verified');
    expect(await ids('postcode=21140&credential=france_services')).toEqual([offers[0]!.id]);
    expect((await search('postcode=21140'))[0].credentials).toEqual(['france_services']);
    expect(await ids('postcode=21140&credential=aptic')).toEqual([]);

    await fixtures.decideCredential(credential.id, 'revoked');
    expect(await ids('postcode=21140')).toEqual([]);
  });

  it('stops counting an expired credential by date alone, without any write', async () => {
    // At every instant the calendar date at UTC−12 is one or two days before the one at UTC+14:
    // a credential expiring on the UTC−12 date is valid there and expired at UTC+14, same rows.
    const structure = await fixtures.structure('Expire bientôt', []);
    const [{ today }] = await api.dataSource.query(`SELECT (now() AT TIME ZONE 'Etc/GMT+12')::date::text AS today`);
    await createCredential(api.dataSource, structure.id, (await api.dataSource.query(`SELECT id FROM users LIMIT 1`))[0].id, {
      kind: 'aptic',
      expiresOn: today,
    });
    const { offers } = await fixtures.placeWithOffers(structure.id, { postcode: '21160' });

    const statement = buildSearchSql({ postcode: '21160' }, 21, 0);
    const searchIn = (timeZone: string) =>
      api.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('TimeZone', $1, true)`, [timeZone]);
        const rows: { id: string; credential_kinds: string[] }[] = await manager.query(statement.text, statement.values);
        return rows;
      });
    expect(await searchIn('Etc/GMT+12')).toEqual([expect.objectContaining({ id: offers[0]!.id, credential_kinds: ['aptic'] })]);
    expect(await searchIn('Etc/GMT-14')).toEqual([]);
  });

  it('hides an offer suspended over a lowered cap and shows it again once repriced', async () => {
    const structure = await fixtures.structure();
    const { offers } = await fixtures.placeWithOffers(structure.id, { postcode: '21500' }, [{ priceCents: 4000 }, { priceCents: 2000 }]);
    // As the price-cap service suspends: one statement over every offer above the new cap.
    await api.dataSource.query(
      `UPDATE offers SET status = 'suspended_over_cap' WHERE structure_id = $1 AND price_cents > 3000`,
      [structure.id],
    );
    expect(await ids('postcode=21500')).toEqual([offers[1]!.id]);
    await api.dataSource.query(`UPDATE offers SET price_cents = 3000, status = 'active' WHERE id = $1`, [offers[0]!.id]);
    expect(await ids('postcode=21500')).toEqual(offers.map((offer) => offer.id).sort());
  });

  it('follows a bulk insert and a procedure moved to another category', async () => {
    const structure = await fixtures.structure();
    const { place } = await fixtures.placeWithOffers(structure.id, { postcode: '21700' }, []);
    const inserted: { id: string }[] = await api.dataSource.query(
      `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind)
       SELECT $1, $2, code, 'on_site', 30, 'funded' FROM procedures RETURNING id`,
      [structure.id, place.id],
    );
    expect(await ids('postcode=21700&pageSize=50')).toEqual(inserted.map((row) => row.id).sort());

    const [{ category }] = await api.dataSource.query(`SELECT category_code AS category FROM procedures WHERE code = 'rsa-demande'`);
    const [{ other }] = await api.dataSource.query(`SELECT code AS other FROM procedure_categories WHERE code <> $1 LIMIT 1`, [category]);
    const before = await ids(`postcode=21700&category=${other}&pageSize=50`);
    await api.dataSource.query(`UPDATE procedures SET category_code = $1 WHERE code = 'rsa-demande'`, [other]);
    try {
      expect((await ids(`postcode=21700&category=${other}&pageSize=50`)).length).toBe(before.length + 1);
    } finally {
      await api.dataSource.query(`UPDATE procedures SET category_code = $1 WHERE code = 'rsa-demande'`, [category]);
    }
  });

  it('never loses a new offer racing with its credential verification and its place moving', async () => {
    const rounds = 12;
    const outcomes = await Promise.all(
      Array.from({ length: rounds }, async (_, round) => {
        const structure = await fixtures.structure(`Course ${round}`, []);
        const credential = await createCredential(api.dataSource, structure.id, '', { status: 'pending' });
        const { place } = await fixtures.placeWithOffers(structure.id, { postcode: String(21800 + round) }, []);
        const movedTo = String(21900 + round);
        const [offerId] = await Promise.all([
          api.dataSource.transaction(async (manager) => {
            const [row] = await manager.query(
              `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind)
               VALUES ($1, $2, 'rsa-demande', 'on_site', 30, 'funded') RETURNING id`,
              [structure.id, place.id],
            );
            await manager.query('SELECT pg_sleep(0.05)');
            return row.id as string;
          }),
          api.dataSource.transaction(async (manager) => {
            await fixtures.decideCredential(credential.id, 'verified', manager);
            await manager.query(`UPDATE places SET postcode = $2 WHERE id = $1`, [place.id, movedTo]);
            await manager.query('SELECT pg_sleep(0.05)');
          }),
        ]);
        return { expected: [offerId], found: await ids(`postcode=${movedTo}`) };
      }),
    );
    expect(outcomes.map((outcome) => outcome.found)).toEqual(outcomes.map((outcome) => outcome.expected));
  });
});
