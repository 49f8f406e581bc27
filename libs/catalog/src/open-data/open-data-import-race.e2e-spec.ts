import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOffer, createStructure, startTestApi, type TestApi } from '@passerelle/testing';
import { OpenDataImportService } from './open-data-import.service';

const fixture = readFileSync(join(__dirname, 'fixtures', 'exemple-valide.csv'), 'utf8').split('\n');
const PLACES = 40;
const ROUNDS = 8;
const PATCHERS = 6;

/** One file of PLACES places of the structure, all in Reims (51) or all in Quimper (29). */
function placesFile(siret: string, inFinistere: boolean): string {
  const rows = Array.from({ length: PLACES }, (_, index) => {
    const row = fixture[1]!.replace('"structure-1"', `"race-${index}"`).replace('"43493312300029"', `"${siret}"`);
    return inFinistere ? row.replace('"Reims","51100","51454"', '"Quimper","29000","29232"') : row;
  });
  return [fixture[0]!, ...rows].join('\n');
}

describe('open-data import racing offer edits (real database)', () => {
  let api: TestApi;
  let importer: OpenDataImportService;

  beforeAll(async () => {
    api = await startTestApi();
    importer = api.app.get(OpenDataImportService);
  });
  afterAll(() => api.close());

  it('moves places back and forth while their offers are edited: no deadlock reaches the import or the edits', async () => {
    const mediator = await api.loginAs('mediator');
    const admin = await api.loginAs('admin');
    const structure = await createStructure(api.dataSource, { organisationId: mediator.user.organisationId! });
    expect(await importer.importCsv(placesFile(structure.siret!, false))).toMatchObject({ ok: true, places: { created: PLACES } });
    const places: { id: string; structure_id: string }[] = await api.dataSource.query(
      `SELECT id, structure_id FROM places WHERE open_data_id LIKE 'race-%' ORDER BY id`,
    );
    const offers = await Promise.all(places.map((place) => createOffer(api.dataSource, place, { procedureCode: 'rsa-demande', priceCents: 4000 })));
    const cap = await api.app.inject({
      method: 'PUT',
      url: '/admin/price-caps/rsa-demande',
      headers: admin.headers,
      payload: { maxPriceCents: 3000, departement: '29', reason: 'Plafond du Finistère' },
    });
    expect(cap.statusCode).toBe(200);

    // Each edit sets a price: above the Finistère cap (it reactivates a suspended offer in Reims,
    // is refused in Quimper) or within it, so that every move to Quimper has offers to suspend.
    let importing = true;
    const patchers = Array.from({ length: PATCHERS }, async (_, patcher) => {
      const answers: string[] = [];
      for (let index = patcher; importing; index += PATCHERS) {
        const response = await api.app.inject({
          method: 'PATCH',
          url: `/offers/${offers[index % offers.length]!.id}`,
          headers: mediator.headers,
          payload: { pricing: { kind: 'commercial', priceCents: index % 3 === 0 ? 2900 : 4000 } },
        });
        answers.push(response.statusCode === 200 ? '200' : `${response.statusCode} ${response.json().code}`);
      }
      return answers;
    });
    const outcomes: { ok: boolean }[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) outcomes.push(await importer.importCsv(placesFile(structure.siret!, round % 2 === 0)));
    } finally {
      importing = false;
    }
    const answers = (await Promise.all(patchers)).flat();

    expect(outcomes).toEqual(Array.from({ length: ROUNDS }, () => expect.objectContaining({ ok: true, places: expect.objectContaining({ updated: PLACES }) })));
    expect(answers.filter((answer) => answer !== '200' && answer !== '422 PRICE_ABOVE_CAP')).toEqual([]);
    expect(answers.length).toBeGreaterThan(ROUNDS);
    const moves = await api.dataSource.query('SELECT count(*)::int AS n FROM place_departement_changes WHERE place_id = ANY($1::uuid[])', [
      places.map((place) => place.id),
    ]);
    expect(moves[0].n).toBe(PLACES * ROUNDS);
  });
});
