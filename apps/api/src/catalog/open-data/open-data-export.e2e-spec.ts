import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { OpenDataImportService, STANDARD_COLUMNS, generateCatalog } from '@passerelle/catalog';
import { createPlace, createStructure, startTestApi, type TestApi } from '@passerelle/testing';

const FIXTURES = join(__dirname, '../../../../../libs/catalog/src/open-data/fixtures');

describe('GET /open-data/places.csv', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    const importer = api.app.get(OpenDataImportService);
    for (const name of ['exemple-valide.csv', 'legacy-v0.csv']) {
      const outcome = await importer.importCsv(readFileSync(join(FIXTURES, name)));
      expect(outcome.ok).toBe(true);
    }
    // A place created here (no open-data id) and a generated catalogue with every kind of value.
    await createPlace(api.dataSource, (await createStructure(api.dataSource)).id, { openingHours: 'Mo-Fr 09:00-17:00' });
    await generateCatalog(api.dataSource, { places: 2_300, offersPerPlace: 1, seed: 7 });
  });
  afterAll(() => api.close());

  /** Everything the import could change, as one hash, plus the row counts. */
  const snapshot = async () => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM places)::int AS places, (SELECT count(*) FROM structures)::int AS structures,
              (SELECT count(*) FROM organisations)::int AS organisations,
              (SELECT md5(string_agg(p::text, E'\\n' ORDER BY p.id)) FROM places p) AS places_hash,
              (SELECT md5(string_agg(s::text, E'\\n' ORDER BY s.id)) FROM structures s) AS structures_hash`,
    );
    return row as Record<string, unknown>;
  };

  it('is public and streams the standard file with its recommended name', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/open-data/places.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="\d{4}-\d{2}-\d{2}_passerelle_lieux-de-mediation-numerique_France\.csv"$/,
    );
    const rows = parse(response.rawPayload) as string[][];
    expect(rows[0]).toEqual([...STANDARD_COLUMNS]);
    expect(rows[0]).toHaveLength(32);
    expect(rows).toHaveLength(1 + 2 + 1 + 2_300);
    expect(rows.every((row) => row.length === 32)).toBe(true);
    const example = rows.find((row) => row[0] === 'structure-1')!;
    expect(example[1]).toBe('43493312300029');
    expect(example[STANDARD_COLUMNS.indexOf('modalites_accompagnement')]).toBe(
      'Dans un atelier collectif|À distance|En autonomie|Accompagnement individuel',
    );
  });

  it('round-trips: importing the export changes nothing', async () => {
    const before = await snapshot();
    const response = await api.app.inject({ method: 'GET', url: '/open-data/places.csv' });
    const outcome = await api.app.get(OpenDataImportService).importCsv(response.rawPayload);
    expect(outcome).toMatchObject({
      ok: true,
      rows: 2_303,
      structures: { created: 0 },
      places: { created: 0, updated: 0, unchanged: 2_303 },
    });
    expect(await snapshot()).toEqual(before);
  });
});
