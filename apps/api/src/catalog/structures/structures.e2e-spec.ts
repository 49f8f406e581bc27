import { createStructure, startTestApi, validSiret, type LoggedIn, type TestApi } from '@passerelle/testing';

/** A valid Luhn SIRET whose last digit is changed: the key no longer matches. */
function badKey(siret: string): string {
  return siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10);
}

/** An RNA number that no other test run has taken. */
function freshRna(): string {
  return `W${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
}

describe('structures', () => {
  let api: TestApi;
  let mediator: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    mediator = await api.loginAs('mediator');
  });
  afterAll(() => api.close());

  const post = (who: LoggedIn, payload: object) => api.app.inject({ method: 'POST', url: '/structures', headers: who.headers, payload });

  it('creates the structure, its organisation and the caller membership together, audited', async () => {
    const siret = validSiret();
    const response = await post(mediator, { name: '  EPN de Quimper ', siret });
    expect(response.statusCode).toBe(201);
    const structure = response.json();
    expect(structure).toMatchObject({ id: expect.any(String), name: 'EPN de Quimper', siret, rna: null });

    const me = await api.app.inject({ method: 'GET', url: '/me', headers: mediator.headers });
    expect(me.json().memberships).toContainEqual({ organisationId: structure.id, kind: 'structure', name: 'EPN de Quimper' });
    const [entry] = await api.dataSource.query("SELECT * FROM audit_log WHERE action = 'structure.created' AND object_id = $1", [
      structure.id,
    ]);
    expect(entry).toMatchObject({ actor_user_id: mediator.user.id, object_type: 'structure' });

    const read = await api.app.inject({ method: 'GET', url: `/structures/${structure.id}`, headers: mediator.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(structure);
  });

  it('accepts a SIRET with spaces, and La Poste establishments whose digits sum to a multiple of 5', async () => {
    const siret = validSiret();
    const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
    expect((await post(mediator, { name: 'Espacé', siret: spaced })).json().siret).toBe(siret);
    const laPoste = await post(mediator, { name: 'Bureau de poste', siret: '35600000049837' });
    expect(laPoste.statusCode).toBe(201);
  });

  it('refuses a SIRET with a wrong key or format with 400 INVALID_SIRET, creating nothing', async () => {
    const before = await api.dataSource.query('SELECT (SELECT count(*) FROM structures) AS s, (SELECT count(*) FROM organisations) AS o');
    for (const siret of [badKey(validSiret()), '1234567890123', 'ABCDEFGHIJKLMN', '35600000000002']) {
      const response = await post(mediator, { name: 'Mauvais SIRET', siret });
      expect({ siret, status: response.statusCode, code: response.json().code }).toEqual({ siret, status: 400, code: 'INVALID_SIRET' });
    }
    expect(await api.dataSource.query('SELECT (SELECT count(*) FROM structures) AS s, (SELECT count(*) FROM organisations) AS o')).toEqual(before);
  });

  it('accepts an RNA number (W + 9), refuses a malformed one, and requires SIRET or RNA', async () => {
    const rna = freshRna();
    const created = await post(mediator, { name: 'Association Clic & Lien', rna: rna.toLowerCase() });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ rna, siret: null });

    for (const bad of ['W12345678', 'X123456789', 'W1234567890']) {
      const response = await post(mediator, { name: 'Association', rna: bad });
      expect({ bad, status: response.statusCode, code: response.json().code }).toEqual({ bad, status: 400, code: 'INVALID_RNA' });
    }
    const none = await post(mediator, { name: 'Sans numéro' });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('STRUCTURE_IDENTIFIER_REQUIRED');
  });

  it('answers 409 STRUCTURE_ALREADY_REGISTERED for a SIRET or RNA already taken, leaving no orphan organisation', async () => {
    const siret = validSiret();
    expect((await post(mediator, { name: 'Première', siret })).statusCode).toBe(201);
    const other = await api.loginAs('mediator');
    const organisations = await api.dataSource.query('SELECT count(*) AS n FROM organisations');
    const duplicate = await post(other, { name: 'Seconde', siret });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'STRUCTURE_ALREADY_REGISTERED', identifier: 'siret' });

    const rna = freshRna();
    expect((await post(mediator, { name: 'Asso', rna })).statusCode).toBe(201);
    const duplicateRna = await post(other, { name: 'Asso bis', rna });
    expect(duplicateRna.json()).toMatchObject({ status: 409, code: 'STRUCTURE_ALREADY_REGISTERED', identifier: 'rna' });
    const after = await api.dataSource.query('SELECT count(*) AS n FROM organisations');
    expect(Number(after[0].n)).toBe(Number(organisations[0].n) + 1);
    const me = await api.app.inject({ method: 'GET', url: '/me', headers: other.headers });
    expect(me.json().memberships).toHaveLength(1);
  });

  it('lets members patch their structure (audited) and answers 404 to anyone else, admins reading only', async () => {
    const created = (await post(mediator, { name: 'Avant', siret: validSiret() })).json();
    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/structures/${created.id}`,
      headers: mediator.headers,
      payload: { name: 'Après' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: created.id, name: 'Après', siret: created.siret });
    const [entry] = await api.dataSource.query("SELECT details FROM audit_log WHERE action = 'structure.updated' AND object_id = $1", [
      created.id,
    ]);
    expect(entry.details).toMatchObject({ fields: ['name'] });
    // The identity organisation behind it follows: its members see the new name.
    const me = await api.app.inject({ method: 'GET', url: '/me', headers: mediator.headers });
    expect(me.json().memberships).toContainEqual({ organisationId: created.id, kind: 'structure', name: 'Après' });
    const [organisation] = await api.dataSource.query('SELECT name FROM organisations WHERE id = $1', [created.id]);
    expect(organisation.name).toBe('Après');

    const stranger = await api.loginAs('mediator');
    const existingOther = await createStructure(api.dataSource);
    for (const id of [created.id, existingOther.id, '6f1c0c2e-4a8e-4b7a-9d55-0c8b6c2f0e11']) {
      const read = await api.app.inject({ method: 'GET', url: `/structures/${id}`, headers: stranger.headers });
      const patch = await api.app.inject({ method: 'PATCH', url: `/structures/${id}`, headers: stranger.headers, payload: { name: 'Pirate' } });
      expect([read.statusCode, read.json().code, patch.statusCode, patch.json().code]).toEqual([404, 'STRUCTURE_NOT_FOUND', 404, 'STRUCTURE_NOT_FOUND']);
    }
    const names = await api.dataSource.query('SELECT name FROM organisations WHERE id = ANY($1)', [[created.id, existingOther.id]]);
    expect(names.map((row: { name: string }) => row.name)).not.toContain('Pirate');
    const admin = await api.loginAs('admin');
    expect((await api.app.inject({ method: 'GET', url: `/structures/${created.id}`, headers: admin.headers })).json().name).toBe('Après');
    const adminPatch = await api.app.inject({ method: 'PATCH', url: `/structures/${created.id}`, headers: admin.headers, payload: { name: 'X' } });
    expect(adminPatch.statusCode).toBe(403);
    const beneficiary = await api.loginAs('beneficiary');
    expect((await post(beneficiary, { name: 'X', siret: validSiret() })).statusCode).toBe(403);
    const malformedId = await api.app.inject({ method: 'GET', url: '/structures/not-a-uuid', headers: mediator.headers });
    expect([malformedId.statusCode, malformedId.json().code]).toEqual([400, 'INVALID_ID']);
  });
});
