import { ownRedis, startTestApi, type OwnedRedis, type TestApi } from '@passerelle/testing';

describe('GET /health', () => {
  let redis: OwnedRedis;
  let api: TestApi;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    api = await startTestApi({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await api.close();
    await redis.stop();
  });

  const health = () => api.app.inject({ method: 'GET', url: '/health' });

  async function eventually(expected: number): Promise<number> {
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== expected; attempt++) {
      status = (await health()).statusCode;
      if (status !== expected) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return status;
  }

  it('is 200 when PostgreSQL and Redis answer, with security headers and a request id', async () => {
    const response = await health();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('turns 503 while Redis is stopped, keeps serving, and recovers when Redis is back', async () => {
    await redis.stop();
    expect(await eventually(503)).toBe(503);
    expect((await health()).json()).toEqual({ status: 'unavailable', postgres: 'up', redis: 'down' });
    await redis.start();
    expect(await eventually(200)).toBe(200);
  });

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const kept = await api.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-12345-xyz' } });
    expect(kept.headers['x-request-id']).toBe('abc-12345-xyz');
    const replaced = await api.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\u0000' } });
    expect(replaced.headers['x-request-id']).not.toContain('bad');
  });
});
