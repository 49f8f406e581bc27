import { createOrganisation, startTestApi, uniqueEmail, type TestApi } from '@passerelle/testing';

describe('POST /admin/users', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const create = (headers: Record<string, string>, payload: object) =>
    api.app.inject({ method: 'POST', url: '/admin/users', headers, payload });

  it('lets an admin create a mediator in a structure, who then logs in and sees the membership', async () => {
    const admin = await api.loginAs('admin');
    const structure = await createOrganisation(api.dataSource, 'structure', 'EPN de Quimper');
    const email = uniqueEmail('mediator');
    const created = await create(admin.headers, {
      email,
      password: 'mot de passe initial',
      displayName: 'Lou Médiatrice',
      role: 'mediator',
      organisationId: structure.id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      roles: ['mediator'],
      memberships: [{ organisationId: structure.id, kind: 'structure', name: 'EPN de Quimper' }],
    });

    const login = await api.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'mot de passe initial' } });
    expect(login.statusCode).toBe(200);
    const me = await api.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${login.json().accessToken}` } });
    expect(me.json().memberships).toEqual([{ organisationId: structure.id, kind: 'structure', name: 'EPN de Quimper' }]);

    const [entry] = await api.dataSource.query("SELECT * FROM audit_log WHERE action = 'user.created' AND object_id = $1", [
      created.json().id,
    ]);
    expect(entry).toMatchObject({ actor_user_id: admin.user.id, object_type: 'user', request_id: expect.any(String) });
  });

  it('refuses memberships that do not fit the role, with 422 and nothing created', async () => {
    const admin = await api.loginAs('admin');
    const funder = await createOrganisation(api.dataSource, 'funder');
    const before = await api.dataSource.query('SELECT count(*)::int AS n FROM users');
    const base = { password: 'mot de passe initial', displayName: 'X' };
    const cases = [
      { ...base, email: uniqueEmail(), role: 'mediator', organisationId: funder.id },
      { ...base, email: uniqueEmail(), role: 'prescriber' },
      { ...base, email: uniqueEmail(), role: 'beneficiary', organisationId: funder.id },
    ];
    for (const payload of cases) {
      const response = await create(admin.headers, payload);
      expect(response.statusCode).toBe(422);
      expect(['ORGANISATION_KIND_MISMATCH', 'ORGANISATION_REQUIRED']).toContain(response.json().code);
    }
    const unknown = await create(admin.headers, {
      ...base,
      email: uniqueEmail(),
      role: 'funder',
      organisationId: '6f1c0c2e-4a8e-4b7a-9d55-0c8b6c2f0e11',
    });
    expect(unknown.statusCode).toBe(404);
    expect(await api.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('is forbidden to every other role', async () => {
    for (const role of ['beneficiary', 'prescriber', 'mediator', 'funder'] as const) {
      const caller = await api.loginAs(role);
      const response = await create(caller.headers, {
        email: uniqueEmail(),
        password: 'mot de passe initial',
        displayName: 'X',
        role: 'admin',
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
  });
});
