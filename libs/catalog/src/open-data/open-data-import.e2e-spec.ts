import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOffer, createStructure, startTestApi, validSiret, type TestApi } from '@passerelle/testing';
import { OpenDataImportService, PLACE_HAS_OFFERS_OF_ITS_STRUCTURE } from './open-data-import.service';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('open-data import (real database)', () => {
  let api: TestApi;
  let importer: OpenDataImportService;

  beforeAll(async () => {
    api = await startTestApi();
    importer = api.app.get(OpenDataImportService);
  });
  afterAll(() => api.close());

  const counts = async () => {
    const [row] = await api.dataSource.query(
      `SELECT (SELECT count(*) FROM places)::int AS places, (SELECT count(*) FROM structures)::int AS structures,
              (SELECT count(*) FROM organisations)::int AS organisations,
              (SELECT max(updated_at) FROM places) AS last_update`,
    );
    return row as { places: number; structures: number; organisations: number; last_update: Date | null };
  };

  it('imports the official example as a structure (organisation of kind structure) and a place', async () => {
    const outcome = await importer.importCsv(fixture('exemple-valide.csv'));
    expect(outcome).toEqual({
      ok: true,
      rows: 1,
      structures: { created: 1, matched: 0 },
      places: { created: 1, updated: 0, unchanged: 0 },
      suspendedOffers: 0,
    });
    const [place] = await api.dataSource.query(
      `SELECT p.*, s.siret, o.kind, o.name AS organisation_name FROM places p
       JOIN structures s ON s.id = p.structure_id JOIN organisations o ON o.id = s.id WHERE p.open_data_id = 'structure-1'`,
    );
    expect(place).toMatchObject({
      siret: '43493312300029',
      kind: 'structure',
      organisation_name: 'SIRET de la ville pour une bibliothèque.',
      name: 'Anonymal',
      departement: '51',
      fees: ['Gratuit sous condition', 'Payant'],
      modalities: ['on_site', 'phone', 'video', 'itinerant'],
      booking_url: 'https://www.rdv-solidarites.fr/',
    });
  });

  it('writes nothing when a row is invalid, and reports the bad lines', async () => {
    const before = await counts();
    const outcome = await importer.importCsv(fixture('malformed.csv'));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((error) => [error.line, error.column])).toEqual([
      [3, 'pivot'],
      [4, 'code_postal'],
      [5, 'services'],
    ]);
    expect(await counts()).toEqual(before);
    const [row] = await api.dataSource.query(`SELECT count(*)::int AS n FROM places WHERE open_data_id = 'ok-1'`);
    expect(row.n).toBe(0);
  });

  it('is idempotent: a re-import changes nothing, an edited row updates its place', async () => {
    const before = await counts();
    const again = await importer.importCsv(fixture('exemple-valide.csv'));
    expect(again).toMatchObject({ ok: true, structures: { created: 0, matched: 1 }, places: { created: 0, updated: 0, unchanged: 1 } });
    expect(await counts()).toEqual(before);

    const edited = fixture('exemple-valide.csv').replace('"Anonymal"', '"Anonymal, nouveau nom"').replace('"2024-04-02"', '"2025-01-15"');
    const outcome = await importer.importCsv(edited);
    expect(outcome).toMatchObject({ ok: true, places: { created: 0, updated: 1, unchanged: 0 } });
    const [place] = await api.dataSource.query(
      `SELECT name, to_char(updated_on, 'YYYY-MM-DD') AS updated_on FROM places WHERE open_data_id = 'structure-1'`,
    );
    expect(place).toEqual({ name: 'Anonymal, nouveau nom', updated_on: '2025-01-15' });
    const after = await counts();
    expect([after.places, after.structures]).toEqual([before.places, before.structures]);
  });

  it('re-checks the caps of a place the file moves to another département, as a PATCH does', async () => {
    const admin = await api.loginAs('admin');
    const file = fixture('exemple-valide.csv').replace('"structure-1"', '"moving-1"').replace('"43493312300029"', '"73282932000074"');
    expect(await importer.importCsv(file)).toMatchObject({ ok: true, places: { created: 1 } });
    const [place] = await api.dataSource.query(`SELECT id, structure_id, departement FROM places WHERE open_data_id = 'moving-1'`);
    expect(place.departement).toBe('51');
    const above = await createOffer(api.dataSource, place, { procedureCode: 'rsa-demande', priceCents: 4000 });
    const within = await createOffer(api.dataSource, place, { procedureCode: 'rsa-demande', priceCents: 2500 });
    const cap = await api.app.inject({
      method: 'PUT',
      url: '/admin/price-caps/rsa-demande',
      headers: admin.headers,
      payload: { maxPriceCents: 3000, departement: '29', reason: 'Plafond du Finistère' },
    });
    expect(cap.json().suspendedOffers).toBe(0);

    const moved = file.replace('"Reims","51100","51454"', '"Quimper","29000","29232"');
    expect(moved).not.toBe(file);
    expect(await importer.importCsv(moved)).toMatchObject({ ok: true, places: { updated: 1 }, suspendedOffers: 1 });
    const statuses = await api.dataSource.query('SELECT id, status, price_cents FROM offers WHERE place_id = $1 ORDER BY price_cents', [place.id]);
    expect(statuses).toEqual([
      { id: within.id, status: 'active', price_cents: '2500' },
      { id: above.id, status: 'suspended_over_cap', price_cents: '4000' },
    ]);
    const [move] = await api.dataSource.query('SELECT id, old_departement, new_departement, changed_by, suspended_offers FROM place_departement_changes WHERE place_id = $1', [place.id]);
    expect(move).toMatchObject({ old_departement: '51', new_departement: '29', changed_by: null, suspended_offers: 1 });
    const jobs = await api.dataSource.query(`SELECT payload FROM outbox WHERE job_name = 'offers-suspended-over-cap' AND payload->>'placeMoveId' = $1`, [move.id]);
    expect(jobs.map((job: { payload: object }) => job.payload)).toEqual([{ structureId: place.structure_id, placeMoveId: move.id }]);
  });

  it('refuses, row by row, to give a place with offers to another structure; a place without offers moves', async () => {
    const [first, second] = [validSiret(), validSiret()];
    const row = (id: string, siret: string) =>
      fixture('exemple-valide.csv').split('\n')[1]!.replace('"structure-1"', `"${id}"`).replace('"43493312300029"', `"${siret}"`);
    const file = (...rows: string[]) => [fixture('exemple-valide.csv').split('\n')[0]!, ...rows].join('\n');
    expect(await importer.importCsv(file(row('owned-1', first), row('bare-1', first)))).toMatchObject({ ok: true, places: { created: 2 } });
    const [owned] = await api.dataSource.query(`SELECT id, structure_id FROM places WHERE open_data_id = 'owned-1'`);
    const offer = await createOffer(api.dataSource, owned);
    const before = await counts();

    const outcome = await importer.importCsv(file(row('bare-1', second), row('owned-1', second)));
    expect(outcome).toEqual({
      ok: false,
      rows: 2,
      errors: [{ line: 3, column: 'pivot', code: PLACE_HAS_OFFERS_OF_ITS_STRUCTURE, message: expect.stringContaining('owned-1') }],
    });
    expect(await counts()).toEqual(before);

    expect(await importer.importCsv(file(row('bare-1', second), row('owned-1', first)))).toMatchObject({
      ok: true,
      structures: { created: 1, matched: 1 },
      places: { updated: 1, unchanged: 1 },
    });
    const places = await api.dataSource.query(
      `SELECT p.open_data_id, s.siret FROM places p JOIN structures s ON s.id = p.structure_id
       WHERE p.open_data_id IN ('owned-1', 'bare-1') ORDER BY p.open_data_id`,
    );
    expect(places).toEqual([
      { open_data_id: 'bare-1', siret: second },
      { open_data_id: 'owned-1', siret: first },
    ]);
    // PostgreSQL refuses it too, whoever writes.
    const [other] = await api.dataSource.query(`SELECT structure_id FROM places WHERE open_data_id = 'bare-1'`);
    await expect(api.dataSource.query('UPDATE places SET structure_id = $1 WHERE id = $2', [other.structure_id, owned.id])).rejects.toMatchObject({
      code: '23503',
      constraint: 'offers_place_structure_fkey',
    });
    const [kept] = await api.dataSource.query('SELECT structure_id FROM offers WHERE id = $1', [offer.id]);
    expect(kept.structure_id).toBe(owned.structure_id);
  });

  it('attaches places to an existing structure with the same SIRET', async () => {
    const existing = await createStructure(api.dataSource, { name: 'Centre social des Tilleuls' });
    const file = fixture('exemple-valide.csv')
      .replace('"structure-1"', '"tilleuls-1"')
      .replace('"43493312300029"', `"${existing.siret}"`);
    const before = await counts();
    const outcome = await importer.importCsv(file);
    expect(outcome).toMatchObject({ ok: true, structures: { created: 0, matched: 1 }, places: { created: 1 } });
    const [place] = await api.dataSource.query(`SELECT structure_id FROM places WHERE open_data_id = 'tilleuls-1'`);
    expect(place.structure_id).toBe(existing.id);
    const after = await counts();
    expect(after.structures).toBe(before.structures);
    const [structure] = await api.dataSource.query('SELECT name FROM structures WHERE id = $1', [existing.id]);
    expect(structure.name).toBe('Centre social des Tilleuls');
  });

  it('stores legacy values and curly apostrophes normalised (RNA pivot, Corsica)', async () => {
    const outcome = await importer.importCsv(fixture('legacy-v0.csv'));
    expect(outcome).toMatchObject({ ok: true, structures: { created: 1 }, places: { created: 1 } });
    const [place] = await api.dataSource.query(
      `SELECT p.name, p.departement, p.services, p.access_modes, p.modalities, s.rna, s.siret
       FROM places p JOIN structures s ON s.id = p.structure_id WHERE p.open_data_id = 'legacy-1'`,
    );
    expect(place).toEqual({
      name: "L'Atelier numérique",
      departement: '2A',
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
      access_modes: ["Ce lieu n'accueille pas de public"],
      modalities: [],
      rna: 'W751234567',
      siret: null,
    });
  });

  it('imports thousands of rows in batches and reports progress', async () => {
    const header = fixture('exemple-valide.csv').split('\n')[0]!;
    const row = fixture('exemple-valide.csv').split('\n')[1]!;
    const lines = Array.from({ length: 4_500 }, (_, index) => row.replace('"structure-1"', `"bulk-${index}"`));
    const progress: number[] = [];
    const outcome = await importer.importCsv([header, ...lines].join('\n'), { onProgress: (p) => p.phase === 'places' && progress.push(p.done) });
    expect(outcome).toMatchObject({ ok: true, rows: 4_500, structures: { created: 0, matched: 1 }, places: { created: 4_500 } });
    expect(progress).toEqual([2_000, 4_000, 4_500]);
  });
});
