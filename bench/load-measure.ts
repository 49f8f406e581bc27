import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { peakRssMiB } from './bench-support';

/** One load measurement of one server: throughput, latency percentiles from every response, memory. */
export interface LoadFigures {
  name: string;
  requests: number;
  ok: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMiB: number;
}

export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Shapes each request (body, path, headers) — e.g. hands out the next unused slot or code. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function run(plan: LoadPlan, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: seconds,
        method: plan.method ?? 'GET',
        headers: plan.headers,
        requests: plan.setupRequest ? [{ setupRequest: plan.setupRequest }] : undefined,
      },
      (error, result) => (error ? fail(error) : done(result)),
    );
    if (latencies) instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Loads `plan` for its length after a short warm-up (JIT, pools, prepared plans) when `warmUp`, and
 * reads the server's peak RSS. Percentiles come from every response time (autocannon has no p95).
 */
export async function measureLoad(name: string, plan: LoadPlan, server: ChildProcess, warmUp = true): Promise<LoadFigures> {
  if (warmUp) await run(plan, Math.max(2, Math.round(plan.seconds / 4)));
  const latencies: number[] = [];
  const result = await run(plan, plan.seconds, latencies);
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: result.requests.total,
    ok: result['2xx'],
    requestsPerSecond: Math.round(result.requests.average),
    p50: round1(percentile(latencies, 50)),
    p90: round1(percentile(latencies, 90)),
    p95: round1(percentile(latencies, 95)),
    p99: round1(percentile(latencies, 99)),
    errors: result.errors,
    non2xx: result.non2xx,
    peakRssMiB: peakRssMiB(server),
  };
}

/** Sums the throughput of the rows of one server (mirrored rounds), for the ratio to the baseline. */
export function totalRate(rows: LoadFigures[], name: string): number {
  return rows.filter((row) => row.name === name).reduce((sum, row) => sum + row.requestsPerSecond, 0);
}

/**
 * Hands each request the next unused body (past the end: the last one again, which the server then
 * refuses), with its own Idempotency-Key when a prefix is given.
 */
function distinctRequests(bodies: unknown[], idempotencyKeyPrefix?: string) {
  let next = 0;
  return (request: autocannon.Request) => {
    const index = next++;
    request.body = JSON.stringify(bodies[Math.min(index, bodies.length - 1)]);
    if (idempotencyKeyPrefix) request.headers = { ...request.headers, 'idempotency-key': `${idempotencyKeyPrefix}-${index}` };
    return request;
  };
}

export interface PostTarget {
  name: string;
  url: string;
  /** One body per request, never sent twice by design (a distinct slot, code…). */
  bodies: unknown[];
  server: ChildProcess;
}

/**
 * POSTs distinct bodies to the baseline and to the API in two mirrored rounds (baseline, API, API,
 * baseline) so that drift on the shared machine hits both alike; each server's bodies run on across
 * its rounds (warm-up included, on the first round only).
 */
export async function mirroredPostRounds(
  plan: { connections: number; seconds: number; headers: Record<string, string>; idempotencyKeys?: boolean },
  baseline: PostTarget,
  api: PostTarget,
): Promise<LoadFigures[]> {
  const loaders = new Map<PostTarget, ReturnType<typeof distinctRequests>>();
  const measure = (target: PostTarget) => {
    const first = !loaders.has(target);
    // Idempotency keys are per structure and both servers act for the same one: each gets its own key space.
    if (first) loaders.set(target, distinctRequests(target.bodies, plan.idempotencyKeys ? target.name.replace(/\W+/g, '-') : undefined));
    const load: LoadPlan = { ...plan, url: target.url, method: 'POST', setupRequest: loaders.get(target)! };
    return measureLoad(target.name, load, target.server, first);
  };
  const rows = [await measure(baseline), await measure(api), await measure(api), await measure(baseline)];
  // Requests autocannon left in flight finish before the servers stop.
  await new Promise((done) => setTimeout(done, 2000));
  return rows;
}

/** Prints the measurements as a Markdown table (one row per round) and the API's throughput over the baseline's. */
export function printLoadTable(title: string, rows: LoadFigures[], okLabel = '2xx', baseline = 'bare Fastify + pg', api = 'Passerelle API'): void {
  console.log(title);
  console.log(`| run | server | ${okLabel} | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | non-2xx | peak RSS MiB |`);
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach((row, index) => {
    console.log(
      `| ${index + 1} | ${row.name} | ${row.ok} | ${row.requestsPerSecond} | ${row.p50} | ${row.p90} | ${row.p95} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.peakRssMiB} |`,
    );
  });
  console.log(`throughput vs baseline (all rounds): ${(totalRate(rows, api) / totalRate(rows, baseline)).toFixed(2)}`);
}
