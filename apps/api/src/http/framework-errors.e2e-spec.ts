import { startTestApi, type TestApi } from '@passerelle/testing';

describe("Fastify's own refusals", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers a path that is not valid percent-encoding with 400 problem+json INVALID_URL (it was Fastify plain JSON)', async () => {
    for (const url of ['/procedures/%FF%FE', '/offers/%C0%80/slots?from=2026-12-01&to=2026-12-02', '/bookings/%ED%A0%80']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
        url,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(response.json()).toMatchObject({ status: 400, code: 'INVALID_URL', requestId: response.headers['x-request-id'] });
    }
  });
});
