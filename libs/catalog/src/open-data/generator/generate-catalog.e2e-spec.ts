import { startTestApi, type TestApi } from '@passerelle/testing';
import { isValidSiret } from '../../structures/identifiers';
import { generateCatalog } from './generate-catalog';

describe('generateCatalog (real database)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('builds the requested number of places and offers, spread over France, priced under the caps', async () => {
    const [admin] = await api.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, roles) VALUES ('cap-admin@example.org', 'x', 'Admin', ARRAY['admin']) RETURNING id`,
    );
    await api.dataSource.query(
      `INSERT INTO price_caps (procedure_code, departement, max_price_cents, reason, set_by)
       SELECT code, NULL, 2500, 'test cap', $1 FROM procedures`,
      [admin.id],
    );
    await api.dataSource.query(
      `INSERT INTO price_caps (procedure_code, departement, max_price_cents, reason, set_by)
       SELECT code, '75', 1500, 'test cap', $1 FROM procedures`,
      [admin.id],
    );

    const result = await generateCatalog(api.dataSource, { places: 200, offersPerPlace: 3, seed: 42 });
    expect(result).toMatchObject({ structures: 67, places: 200, offers: 600 });

    const [counts] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM places)::int AS places, (SELECT count(*) FROM offers)::int AS offers,
              (SELECT count(*) FROM structures)::int AS structures,
              (SELECT count(DISTINCT departement) FROM places)::int AS departements,
              (SELECT count(*) FROM places WHERE departement IN ('2A', '2B') OR departement LIKE '97_')::int AS corsica_overseas,
              (SELECT count(DISTINCT (place_id, procedure_code)) FROM offers)::int AS distinct_offers,
              (SELECT count(*) FROM offers WHERE pricing_kind = 'funded')::int AS funded,
              (SELECT count(*) FROM offers o JOIN places p ON p.id = o.place_id
                WHERE o.price_cents > CASE WHEN p.departement = '75' THEN 1500 ELSE 2500 END)::int AS over_cap,
              (SELECT count(*) FROM credentials WHERE status = 'verified')::int AS verified,
              (SELECT count(*) FROM credentials WHERE status = 'pending')::int AS pending,
              (SELECT count(*) FROM credentials WHERE expires_on < current_date)::int AS expired`,
    );
    expect(counts).toMatchObject({ places: 200, offers: 600, structures: 67, distinct_offers: 600, over_cap: 0 });
    expect(counts.departements).toBeGreaterThan(40);
    expect(counts.corsica_overseas).toBeGreaterThan(0);
    expect(counts.funded).toBeGreaterThan(0);
    expect(counts.funded).toBeLessThan(600);
    expect(counts.verified).toBeGreaterThan(counts.pending);
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.expired).toBeGreaterThan(0);

    const structures: { siret: string }[] = await api.dataSource.query('SELECT siret FROM structures');
    expect(structures.every((s) => isValidSiret(s.siret))).toBe(true);
  });

  it('is deterministic for a seed', async () => {
    const [first] = await api.dataSource.query(`SELECT min(siret) AS siret FROM structures`);
    const other = await startTestApi();
    try {
      await generateCatalog(other.dataSource, { places: 200, offersPerPlace: 3, seed: 42 });
      const [again] = await other.dataSource.query(`SELECT min(siret) AS siret FROM structures`);
      expect(again).toEqual(first);
      const hash = `SELECT md5(string_agg(concat_ws('/', id, name, latitude, longitude, opening_hours), ',' ORDER BY id)) AS h FROM places`;
      expect(await other.dataSource.query(hash)).toEqual(await api.dataSource.query(hash));
    } finally {
      await other.close();
    }
  });
});
