import { startTestApi, validSiret, type LoggedIn, type TestApi } from '@passerelle/testing';

const PLACE = {
  name: 'Espace public numérique de la Roquette',
  address: '12 rue de la Roquette',
  postcode: '75011',
  commune: 'Paris',
  inseeCode: '75111',
  latitude: 48.8556,
  longitude: 2.3747,
  openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
  accessibilityNotes: 'Plain-pied, boucle magnétique',
  modalities: ['on_site', 'phone'],
  phone: '+33142000000',
  emails: ['epn@example.org'],
  websites: ['https://epn.example.org'],
  summary: 'Aide aux démarches en ligne',
};

describe('places', () => {
  let api: TestApi;
  let mediator: LoggedIn;
  let stranger: LoggedIn;
  let structureId: string;

  beforeAll(async () => {
    api = await startTestApi();
    mediator = await api.loginAs('mediator');
    stranger = await api.loginAs('mediator');
    const created = await api.app.inject({
      method: 'POST',
      url: '/structures',
      headers: mediator.headers,
      payload: { name: 'EPN Roquette', siret: validSiret() },
    });
    structureId = created.json().id;
  });
  afterAll(() => api.close());

  const createPlace = (who: LoggedIn, payload: object, structure = structureId) =>
    api.app.inject({ method: 'POST', url: `/structures/${structure}/places`, headers: who.headers, payload });
  const patchPlace = (who: LoggedIn, id: string, payload: object) =>
    api.app.inject({ method: 'PATCH', url: `/places/${id}`, headers: who.headers, payload });
  const placeCount = async () => Number((await api.dataSource.query('SELECT count(*) AS n FROM places'))[0].n);

  it('creates a place with its département derived from the INSEE code, audited', async () => {
    const response = await createPlace(mediator, PLACE);
    expect(response.statusCode).toBe(201);
    const place = response.json();
    expect(place).toMatchObject({ ...PLACE, structureId, departement: '75', addressComplement: null, bookingUrl: null });
    const [entry] = await api.dataSource.query("SELECT * FROM audit_log WHERE action = 'place.created' AND object_id = $1", [place.id]);
    expect(entry).toMatchObject({ actor_user_id: mediator.user.id, details: { structureId } });

    const list = await api.app.inject({ method: 'GET', url: `/structures/${structureId}/places`, headers: mediator.headers });
    expect(list.json().map((p: { id: string }) => p.id)).toContain(place.id);
  });

  it('derives 2A/2B for Corsica and three characters overseas', async () => {
    const cases = [
      { postcode: '20000', inseeCode: '2A004', expected: '2A' },
      { postcode: '20200', inseeCode: '2B033', expected: '2B' },
      { postcode: '20090', inseeCode: null, expected: '2A' },
      { postcode: '97400', inseeCode: '97411', expected: '974' },
      { postcode: '97133', inseeCode: '97701', expected: '977' },
    ];
    for (const { postcode, inseeCode, expected } of cases) {
      const response = await createPlace(mediator, { ...PLACE, postcode, inseeCode, latitude: null, longitude: null });
      expect({ postcode, departement: response.json().departement }).toEqual({ postcode, departement: expected });
    }
    const monaco = await createPlace(mediator, { ...PLACE, postcode: '98000', inseeCode: null });
    expect([monaco.statusCode, monaco.json().code]).toEqual([400, 'INVALID_POSTCODE']);
  });

  it('refuses invalid opening hours with 400 INVALID_OPENING_HOURS and the parser message, changing nothing', async () => {
    const before = await placeCount();
    const response = await createPlace(mediator, { ...PLACE, openingHours: 'Mo-Fr 09:00-12:00; Sa 25:00-26:00' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_OPENING_HOURS', parserMessage: expect.any(String) });
    expect(response.json().parserMessage.length).toBeGreaterThan(0);
    expect(await placeCount()).toBe(before);

    const place = (await createPlace(mediator, PLACE)).json();
    const patch = await patchPlace(mediator, place.id, { openingHours: 'horaires variables', name: 'Renommé' });
    expect([patch.statusCode, patch.json().code]).toEqual([400, 'INVALID_OPENING_HOURS']);
    const [row] = await api.dataSource.query('SELECT name, opening_hours FROM places WHERE id = $1', [place.id]);
    expect(row).toEqual({ name: PLACE.name, opening_hours: PLACE.openingHours });

    // What the parser reads with warnings only is accepted and stored in canonical form.
    const tolerant = await patchPlace(mediator, place.id, { openingHours: 'Lu-Ve 9h-18h' });
    expect(tolerant.json()).toMatchObject({ openingHours: 'Mo-Fr 09:00-18:00' });
  });

  it('refuses malformed fields with 400 and a code', async () => {
    const cases: [object, string][] = [
      [{ ...PLACE, latitude: 48.8, longitude: null }, 'INVALID_COORDINATES'],
      [{ ...PLACE, latitude: 95 }, 'VALIDATION_FAILED'],
      [{ ...PLACE, postcode: '7501' }, 'VALIDATION_FAILED'],
      [{ ...PLACE, inseeCode: '2C004' }, 'VALIDATION_FAILED'],
      [{ ...PLACE, modalities: ['teleportation'] }, 'VALIDATION_FAILED'],
      [{ ...PLACE, modalities: [] }, 'VALIDATION_FAILED'],
      [{ ...PLACE, summary: 'x'.repeat(281) }, 'VALIDATION_FAILED'],
      [{ ...PLACE, name: undefined }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const response = await createPlace(mediator, payload);
      expect({ payload, status: response.statusCode, code: response.json().code }).toEqual({ payload, status: 400, code });
    }
  });

  it('patches a place: null clears optional fields, is refused for required ones, audited', async () => {
    const place = (await createPlace(mediator, PLACE)).json();
    const response = await patchPlace(mediator, place.id, { phone: null, latitude: null, longitude: null, postcode: '29000', inseeCode: '29232', commune: 'Quimper' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ phone: null, latitude: null, longitude: null, departement: '29', name: PLACE.name });
    const [entry] = await api.dataSource.query("SELECT details FROM audit_log WHERE action = 'place.updated' AND object_id = $1", [place.id]);
    expect(entry.details.fields).toEqual(expect.arrayContaining(['phone', 'postcode', 'departement']));

    const nullName = await patchPlace(mediator, place.id, { name: null });
    expect([nullName.statusCode, nullName.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it("answers 404 to a mediator touching another structure's places, without leaking or changing anything", async () => {
    const place = (await createPlace(mediator, PLACE)).json();
    const listed = await api.app.inject({ method: 'GET', url: `/structures/${structureId}/places`, headers: stranger.headers });
    expect([listed.statusCode, listed.json().code]).toEqual([404, 'STRUCTURE_NOT_FOUND']);
    const created = await createPlace(stranger, PLACE);
    expect([created.statusCode, created.json().code]).toEqual([404, 'STRUCTURE_NOT_FOUND']);
    const read = await api.app.inject({ method: 'GET', url: `/places/${place.id}`, headers: stranger.headers });
    expect([read.statusCode, read.json().code]).toEqual([404, 'PLACE_NOT_FOUND']);
    const patched = await patchPlace(stranger, place.id, { name: 'Pirate' });
    expect([patched.statusCode, patched.json().code]).toEqual([404, 'PLACE_NOT_FOUND']);
    const unknown = await patchPlace(stranger, '6f1c0c2e-4a8e-4b7a-9d55-0c8b6c2f0e11', { name: 'Pirate' });
    const comparable = ({ status, code, detail }: Record<string, unknown>) => ({ status, code, detail });
    expect(comparable(unknown.json())).toEqual(comparable(patched.json()));
    expect((await api.dataSource.query('SELECT name FROM places WHERE id = $1', [place.id]))[0].name).toBe(PLACE.name);

    const admin = await api.loginAs('admin');
    expect((await api.app.inject({ method: 'GET', url: `/places/${place.id}`, headers: admin.headers })).statusCode).toBe(200);
  });
});
