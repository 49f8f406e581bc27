import { startTestApi, uniqueEmail, type TestApi } from '@passerelle/testing';

interface LogLine {
  level: number;
  msg: string;
  req?: { id?: string; method?: string; path?: string };
  res?: { statusCode?: number };
}

describe('request logging', () => {
  let api: TestApi;
  const raw: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => void raw.push(line) } });
    raw.length = 0;
  });
  afterAll(() => api.close());

  const lines = (): LogLine[] => raw.map((line) => JSON.parse(line) as LogLine);

  it('writes one JSON line per request carrying the same id the response announces, and no secret', async () => {
    const email = uniqueEmail();
    const password = 'Un mot de passe solide 42';
    const register = await api.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email, password, displayName: 'Awa Diallo' },
    });
    expect(register.statusCode).toBe(201);
    const tokens = register.json<{ accessToken: string; refreshToken: string }>();
    const me = await api.app.inject({
      method: 'GET',
      url: '/me?verbose=1',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-request-id': 'caller-chosen-id-0001' },
    });
    const denied = await api.app.inject({ method: 'GET', url: '/me' });
    const invalid = await api.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'not-an-email', password } });
    const responses = [register, me, denied, invalid];

    expect(me.headers['x-request-id']).toBe('caller-chosen-id-0001');
    const completed = lines().filter((line) => line.msg === 'request completed' || line.msg === 'request errored');
    expect(completed.map((line) => [line.req?.id, line.res?.statusCode])).toEqual(
      responses.map((response) => [response.headers['x-request-id'], response.statusCode]),
    );
    expect(completed.map((line) => line.req?.path)).toEqual(['/auth/register', '/me', '/me', '/auth/login']);

    const everything = raw.join('\n');
    for (const secret of [password, tokens.accessToken, tokens.refreshToken]) expect(everything).not.toContain(secret);
    // Nothing was logged outside a request since the app started, so every line names its request.
    expect(lines().every((line) => typeof line.req?.id === 'string' && line.req.id.length > 0)).toBe(true);
  });

  it('replaces a caller request id that could forge log lines', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/me', headers: { 'x-request-id': 'bad id\n{"level":60}' } });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().at(-1)?.req?.id).toBe(id);
  });
});
