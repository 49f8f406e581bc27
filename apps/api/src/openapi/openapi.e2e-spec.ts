import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApi, type TestApi } from '@passerelle/testing';
import { listRoutes } from '../http/route-catalog';

describe('GET /openapi.json', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('is a valid OpenAPI 3 document listing every controller route with its auth requirement', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();

    const controllerRoutes = listRoutes(api.app.getHttpAdapter().getInstance()).filter(
      (route) => !/^\/(docs|openapi)/.test(route.path),
    );
    expect(controllerRoutes.length).toBeGreaterThan(5);
    for (const route of controllerRoutes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect({ route: `${route.method} ${path}`, documented: Boolean(operation) }).toEqual({
        route: `${route.method} ${path}`,
        documented: true,
      });
      expect(Array.isArray(operation.security)).toBe(true);
      if (operation.security.length === 0) expect(operation['x-public']).toBe(true);
      else expect(operation.security).toEqual([{ bearer: [] }]);
    }
    expect(document.paths['/admin/users'].post['x-roles']).toEqual(['admin']);
    expect(document.paths['/health'].get.security).toEqual([]);
  });

  it('serves the documentation UI at /docs', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 301, 302]).toContain(response.statusCode);
  });
});
