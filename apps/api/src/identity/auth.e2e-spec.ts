import { startTestApi, uniqueEmail, type TestApi } from '@passerelle/testing';

describe('authentication (register, login, refresh, logout)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload, headers });

  async function register(email = uniqueEmail('benef')) {
    const response = await post('/auth/register', { email, password: 'un mot de passe', displayName: 'Camille' });
    expect(response.statusCode).toBe(201);
    return { email, ...response.json() };
  }

  it('registers a beneficiary who can then read /me and log in', async () => {
    const { email, accessToken, refreshToken, userId } = await register();
    expect(refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

    const me = await api.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: userId, email, displayName: 'Camille', roles: ['beneficiary'], memberships: [] });

    const login = await post('/auth/login', { email: email.toUpperCase(), password: 'un mot de passe' });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });

    const [stored] = await api.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await api.dataSource.query('SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id', [userId]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['user.registered', 'auth.login', 'auth.login']);
    const outbox = await api.dataSource.query("SELECT payload FROM outbox WHERE job_name = 'welcome-email'");
    expect(outbox.map((row: { payload: unknown }) => row.payload)).toContainEqual({ userId });
  });

  it('refuses a second account with the same email, whatever its case, and changes nothing', async () => {
    const { email } = await register();
    const before = await api.dataSource.query('SELECT count(*)::int AS n FROM users');
    const again = await post('/auth/register', { email: email.toUpperCase(), password: 'autre mot de passe', displayName: 'X' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED', status: 409 });
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(await api.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('refuses unknown fields, a role in the sign-up body, and malformed values with 400 naming the fields', async () => {
    const withRole = await post('/auth/register', {
      email: uniqueEmail(),
      password: 'un mot de passe',
      displayName: 'Eve',
      roles: ['admin'],
    });
    expect(withRole.statusCode).toBe(400);
    expect(withRole.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    const malformed = await post('/auth/register', { email: 'not-an-email', password: 'short', displayName: '' });
    expect(malformed.statusCode).toBe(400);
    const fields = malformed.json().errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'password']);

    const notJson = await api.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBeDefined();
  });

  it('answers a wrong password and an unknown email in exactly the same way', async () => {
    const { email } = await register();
    const wrongPassword = await post('/auth/login', { email, password: 'pas le bon mot de passe' });
    const unknownEmail = await post('/auth/login', { email: uniqueEmail('nobody'), password: 'pas le bon mot de passe' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrongPassword.json())).toEqual(strip(unknownEmail.json()));
    expect(wrongPassword.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses login bodies of the wrong shape with 400 before any lookup (a number or NUL as email used to be a 500)', async () => {
    const { email } = await register();
    for (const body of [{ email: 42, password: 'x' }, { email, password: { $ne: '' } }, { email: 'a\u0000b@example.org', password: 'x' }, { email, password: 'x'.repeat(129) }]) {
      const response = await post('/auth/login', body);
      expect({ body, status: response.statusCode, code: response.json().code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('rotates refresh tokens; replaying a used one revokes the whole family', async () => {
    const { refreshToken: first } = await register();
    const rotated = await post('/auth/refresh', { refreshToken: first });
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json();
    expect(second.refreshToken).not.toBe(first);

    const replay = await post('/auth/refresh', { refreshToken: first });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('REFRESH_TOKEN_REUSED');

    // The thief's replay closed the session: the legitimate newer tokens are dead too.
    const afterReuse = await post('/auth/refresh', { refreshToken: second.refreshToken });
    expect(afterReuse.statusCode).toBe(401);
    const me = await api.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${second.accessToken}` } });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('SESSION_REVOKED');
  });

  it('lets exactly one of 20 concurrent refreshes of one token win, then closes the family', async () => {
    const { refreshToken } = await register();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/auth/refresh', { refreshToken })));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(19);
    const winner = answers.find((answer) => answer.statusCode === 200)!.json();
    expect((await post('/auth/refresh', { refreshToken: winner.refreshToken })).statusCode).toBe(401);
  });

  it('refuses forged, malformed and expired-format refresh tokens', async () => {
    const { refreshToken } = await register();
    const [id] = refreshToken.split('.');
    const forged = await post('/auth/refresh', { refreshToken: `${id}.${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('INVALID_REFRESH_TOKEN');
    expect((await post('/auth/refresh', { refreshToken: 'garbage' })).statusCode).toBe(401);
    // The forged attempt did not burn the real token.
    expect((await post('/auth/refresh', { refreshToken })).statusCode).toBe(200);
  });

  it('logs out: the access token and the refresh token both stop working', async () => {
    const { accessToken, refreshToken } = await register();
    const headers = { authorization: `Bearer ${accessToken}` };
    const logout = await api.app.inject({ method: 'POST', url: '/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/me', headers })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refreshToken })).statusCode).toBe(401);
  });

  it('refuses tokens that are missing, malformed or signed with another key', async () => {
    const none = await api.app.inject({ method: 'GET', url: '/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('UNAUTHENTICATED');
    const { accessToken } = await register();
    const [header, payload] = accessToken.split('.');
    const tampered = `${header}.${payload}.${'x'.repeat(43)}`;
    for (const authorization of ['Bearer nonsense', `Bearer ${tampered}`, accessToken]) {
      const response = await api.app.inject({ method: 'GET', url: '/me', headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });
});
