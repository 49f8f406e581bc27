import { createUser, startTestApi, TEST_PASSWORD, uniqueEmail, type TestApi } from '@passerelle/testing';

describe('login rate limits', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '12' });
  });
  afterAll(() => api.close());

  const login = (email: string, password: string, ip: string) =>
    api.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });

  it('locks an account after its failures, even for the right password and from another IP', async () => {
    const user = await createUser(api.dataSource, { role: 'beneficiary' });
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'mauvais mot de passe', '10.0.0.1')).statusCode).toBe(401);
    const locked = await login(user.email, TEST_PASSWORD, '10.0.0.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('LOGIN_RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts failures on unknown emails too, so the lock reveals nothing', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 3; i++) expect((await login(email, 'mauvais mot de passe', '10.0.1.1')).statusCode).toBe(401);
    expect((await login(email, 'mauvais mot de passe', '10.0.1.2')).statusCode).toBe(429);
  });

  it('a success resets the account counter', async () => {
    const user = await createUser(api.dataSource, { role: 'beneficiary' });
    for (let i = 0; i < 2; i++) await login(user.email, 'mauvais mot de passe', '10.0.2.1');
    expect((await login(user.email, TEST_PASSWORD, '10.0.2.1')).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login(user.email, 'mauvais mot de passe', '10.0.2.1')).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.0.2.1')).statusCode).toBe(200);
  });

  it('limits attempts per IP across many accounts, in parallel', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => login(uniqueEmail('spray'), 'mauvais mot de passe', '10.0.3.1')),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429)).toHaveLength(18);
    // Another IP is not affected.
    expect((await login(uniqueEmail('other'), 'mauvais mot de passe', '10.0.3.2')).statusCode).toBe(401);
  });
});
