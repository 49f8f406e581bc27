import { listRoutes } from '../../apps/api/src/http/route-catalog';
import { ROLES } from '@passerelle/identity';
import { startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { DOCUMENTATION_UI, ROUTE_ACCESS } from './route-access';

describe('route access table', () => {
  let api: TestApi;
  let routes: string[];
  const tokens = new Map<string, LoggedIn>();

  beforeAll(async () => {
    api = await startTestApi();
    routes = listRoutes(api.app.getHttpAdapter().getInstance())
      .filter((route) => !DOCUMENTATION_UI.test(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const role of ROLES) tokens.set(role, await api.loginAs(role));
  });
  afterAll(() => api.close());

  it('has a decision for every route the app serves, and no stale entry', () => {
    expect([...routes].sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  const sample = (path: string) => path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');

  it('answers 401 without a token on every non-public route, and never 401 on public ones', async () => {
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      const response = await api.app.inject({ method: method as 'GET', url: sample(path), payload: method === 'GET' ? undefined : {} });
      if (access === 'public') expect({ route, status: response.statusCode }).not.toEqual({ route, status: 401 });
      else expect({ route, status: response.statusCode, code: response.json().code }).toEqual({ route, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 403 to every role outside the allowed ones, and lets allowed roles past the guard', async () => {
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      if (!Array.isArray(access)) continue;
      const [method, path] = route.split(' ') as [string, string];
      for (const role of ROLES) {
        const response = await api.app.inject({
          method: method as 'POST',
          url: sample(path),
          headers: tokens.get(role)!.headers,
          payload: {},
        });
        const expected = access.includes(role) ? 'past the guard' : 403;
        const actual = response.statusCode === 403 ? 403 : response.statusCode === 401 ? 401 : 'past the guard';
        expect({ route, role, actual }).toEqual({ route, role, actual: expected });
      }
    }
  });
});
