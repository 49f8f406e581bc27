import fc from 'fast-check';
import { readTestSettings } from '@passerelle/config';
import { ROLES } from '@passerelle/identity';
import { createTenantWorld, startStripeTestServer, startTestApi, tableChecksums, type StripeTestServer, type TenantWorld, type TestApi } from '@passerelle/testing';
import { listRoutes } from '../../apps/api/src/http/route-catalog';
import { ROUTE_ACCESS } from '../access/route-access';
import { fuzzCases, type CaseContext, type Caller } from './fuzz-cases';
import { buildRequest, describeRequest, toInject } from './fuzz-request';
import { operationsOf, type Operation } from './openapi-operations';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const settings = readTestSettings().fuzz;
/** CI size; FUZZ_RUNS sets another total (the long run). */
const TOTAL_REQUESTS = settings.runs ?? 10_000;
const PARALLEL_ROUTES = 4;
/**
 * The one write a refused request makes on purpose: a wrong voucher code is audited (guessing must
 * leave a trace). Every other row of every table, audit log included, must stay as it was.
 */
const REFUSALS_AUDITED = { audit_log: "action = 'voucher.wrong_code'" };

/** Write routes, and GETs that take path or query parameters: everything a client can put input into. */
const isTarget = (operation: Operation) => WRITE_METHODS.has(operation.method) || operation.parameters.some((p) => p.in === 'path' || p.in === 'query');

/** Who sends the requests: a caller of a role the route admits (route-access.ts), logged in for real. */
function callersOf(route: string): Caller[] {
  const access = ROUTE_ACCESS[route];
  if (access === undefined) throw new Error(`fuzzer: ${route} is not in test/access/route-access.ts`);
  if (access === 'public') return ['anonymous', 'beneficiary'];
  return access === 'any' ? [...ROLES] : access;
}

describe('hostile input (OpenAPI-driven fuzzer)', () => {
  let stripe: StripeTestServer;
  let api: TestApi;
  let world: TenantWorld;
  let targets: Operation[];
  const statuses = new Map<number, number>();
  const contextOf = (operation: Operation): CaseContext => ({
    operation,
    world,
    callers: callersOf(operation.route),
    isWrite: WRITE_METHODS.has(operation.method),
    isPublic: ROUTE_ACCESS[operation.route] === 'public',
  });

  beforeAll(async () => {
    stripe = await startStripeTestServer();
    api = await startTestApi({ ...stripe.env(), RATE_LIMIT_PER_MINUTE: '1000000' });
    world = await createTenantWorld(api);
    const document = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    targets = operationsOf(document).filter(isTarget);
  }, 120_000);

  afterAll(async () => {
    const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    const byClass = new Map<string, number>();
    for (const [status, n] of statuses) byClass.set(`${Math.floor(status / 100)}xx`, (byClass.get(`${Math.floor(status / 100)}xx`) ?? 0) + n);
    const detail = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
    console.log(`fuzzer: ${total} requests on ${targets?.length ?? 0} routes — ${[...byClass].sort().map(([c, n]) => `${c}: ${n}`).join(', ')}\n  by status: ${detail}`);
    await api?.close();
    await stripe?.close();
  });

  it('fuzzes every route the app serves that takes input (a new route fails here until the fuzzer can build it)', () => {
    const served = listRoutes(api.app.getHttpAdapter().getInstance()).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const fuzzed = new Set(targets.map((t) => t.route));
    const writes = served.filter((route) => WRITE_METHODS.has(route.split(' ')[0]!));
    expect(writes.filter((route) => !fuzzed.has(route))).toEqual([]);
    for (const target of targets) {
      expect(() => fuzzCases(contextOf(target))).not.toThrow();
    }
  });

  it('answers malformed input with a 4xx problem+json carrying a code, never a 5xx, and changes no row', async () => {
    const chosen = settings.route ? targets.filter((t) => t.route === settings.route) : targets;
    expect(chosen.length).toBeGreaterThan(0);
    const runsPerRoute = Math.ceil(TOTAL_REQUESTS / chosen.length);
    const baseSeed = settings.seed ?? Math.floor(Math.random() * 2 ** 31);
    const fuzz = (operation: Operation, index: number) => {
      const isWrite = WRITE_METHODS.has(operation.method);
      return fc.assert(
        fc.asyncProperty(fuzzCases(contextOf(operation)), async (fuzzCase) => {
          const request = buildRequest(operation, world, fuzzCase);
          const response = await api.app.inject(toInject(request));
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const fail = (why: string) => {
            throw new Error(`${operation.route}: ${why}\n--- request\n${describeRequest(request)}\n--- response ${response.statusCode}\n${response.body.slice(0, 500)}`);
          };
          if (response.statusCode >= 500) fail('server error');
          if (isWrite && response.statusCode < 400) fail('malformed request accepted');
          if (response.statusCode >= 400) {
            if (!String(response.headers['content-type']).startsWith('application/problem+json')) fail('4xx without problem+json');
            const code = (response.json() as { code?: unknown }).code;
            if (typeof code !== 'string' || code.length === 0) fail('problem without a code');
          }
        }),
        {
          numRuns: runsPerRoute,
          seed: settings.route ? baseSeed : (baseSeed + index) | 0,
          path: settings.route ? settings.path : undefined,
        },
      );
    };
    // A few routes at a time keep the database busy while Node validates; the checksum covers the group.
    for (let start = 0; start < chosen.length; start += PARALLEL_ROUTES) {
      const group = chosen.slice(start, start + PARALLEL_ROUTES);
      const before = await tableChecksums(api.dataSource, REFUSALS_AUDITED);
      await Promise.all(group.map((operation, offset) => fuzz(operation, start + offset)));
      const after = await tableChecksums(api.dataSource, REFUSALS_AUDITED);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      expect({ routes: group.map((o) => o.route), changed }).toEqual({ routes: group.map((o) => o.route), changed: [] });
    }
  }, 600_000);
});
