import { startStripeTestServer, startTestApi, createTenantWorld, type LoggedIn, type StripeTestServer, type TenantWorld, type TestApi } from '@passerelle/testing';
import { listRoutes } from '../../apps/api/src/http/route-catalog';
import { COLUMNS, EXPECTED, type Column, type Outcome } from './access-matrix';
import { RECIPES } from './access-requests';
import { DOCUMENTATION_UI } from './route-access';

/** Tenant a owns every object the requests name; the `other*` columns are tenant b's people of that role. */
function callerOf(world: TenantWorld, column: Column): LoggedIn | undefined {
  switch (column) {
    case 'anonymous':
      return undefined;
    case 'admin':
      return world.admin;
    case 'otherFunder':
      return world.b.funder;
    case 'otherPrescriber':
      return world.b.prescriber;
    case 'otherMediator':
      return world.b.mediator;
    case 'otherBeneficiary':
      return world.b.beneficiary;
    default:
      return world.a[column];
  }
}

const ROLE_OF: Record<Column, string | undefined> = {
  admin: 'admin', funder: 'funder', prescriber: 'prescriber', mediator: 'mediator', beneficiary: 'beneficiary', anonymous: undefined,
  otherFunder: 'funder', otherPrescriber: 'prescriber', otherMediator: 'mediator', otherBeneficiary: 'beneficiary',
};

const outcomeOf = (status: number): Outcome => (status >= 200 && status < 300 ? '2xx' : (status as Outcome));

describe('authorization matrix (every route × every role and another tenant)', () => {
  let stripe: StripeTestServer;
  let api: TestApi;
  let world: TenantWorld;
  let routes: string[];

  beforeAll(async () => {
    stripe = await startStripeTestServer();
    api = await startTestApi(stripe.env());
    world = await createTenantWorld(api);
    routes = listRoutes(api.app.getHttpAdapter().getInstance())
      .filter((route) => !DOCUMENTATION_UI.test(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stripe?.close();
  });

  it('has an expected outcome and a request for every route the app serves, and nothing stale', () => {
    expect([...routes].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...routes].sort()).toEqual(Object.keys(RECIPES).sort());
  });

  it('answers every cell as the table says (2xx with a valid request proves access; 404 to another tenant proves no leak)', async () => {
    const actual: Record<string, Outcome[]> = {};
    let serial = 0;
    for (const route of routes.filter((r) => RECIPES[r])) {
      const [method, path] = route.split(' ') as [string, string];
      const recipe = RECIPES[route]!;
      actual[route] = [];
      for (const column of COLUMNS) {
        const request = await recipe.build({ api, world, stripe, serial: serial++ });
        const role = ROLE_OF[column];
        const caller = recipe.freshCaller && role ? await api.loginAs(role as 'admin') : callerOf(world, column);
        const response = await api.app.inject({
          method: method as 'GET',
          url: request.url,
          headers: { ...caller?.headers, ...request.headers },
          ...(request.payload !== undefined && { payload: request.payload }),
        });
        actual[route]!.push(outcomeOf(response.statusCode));
      }
    }
    const mismatches = Object.keys(actual).filter((route) => (EXPECTED[route] ?? []).join() !== actual[route]!.join());
    const table = mismatches.map((route) => `  '${route}': [${actual[route]!.map((o) => (o === '2xx' ? "'2xx'" : o)).join(', ')}],`).join('\n');
    expect({ mismatches: mismatches.length, actual: table }).toEqual({ mismatches: 0, actual: '' });
  }, 300_000);
});
