import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { benchApiEnv, benchLogin, freshDatabase, peakRssMiB, waitForHttp } from './bench-support';
import { BENCH_EMAIL, BENCH_PASSWORD, seedBookings, type BookingTarget } from './booking-seed';

/**
 * `npm run bench:booking`: POST /bookings through the whole API (rate limit, JWT and live session,
 * validation, offer read, slot computed from the opening rules and closures in Europe/Paris, the
 * conditional upsert on the slot, the booking row, two outbox rows and the audit entry) next to a
 * bare Fastify + pg server doing the same reads and inserts, in one run. Every request books a
 * distinct free slot (50 connections).
 */
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const perServer = Number(process.argv[process.argv.indexOf('--slots') + 1]) || 40_000;
const connections = 50;
/** PostgreSQL connections per server, the same for both (the API's DATABASE_POOL_SIZE). */
const poolSize = Number(process.argv[process.argv.indexOf('--pool') + 1]) || 10;
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench_booking';

interface Figures {
  name: string;
  booked: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMiB: number;
}

/** Hands each request the next unused slot (past the end: the last one again, answered 409). */
function loader(targets: BookingTarget[]) {
  let next = 0;
  return (request: autocannon.Request) => {
    request.body = JSON.stringify(targets[Math.min(next++, targets.length - 1)]);
    return request;
  };
}

function measurer(headers: Record<string, string>) {
  const loaders = new Map<string, ReturnType<typeof loader>>();
  return async (name: string, url: string, targets: BookingTarget[], child: ChildProcess): Promise<Figures> => {
    const first = !loaders.has(name);
    if (first) loaders.set(name, loader(targets));
    const options = { url, connections, method: 'POST' as const, headers, requests: [{ setupRequest: loaders.get(name)! }] };
    // A short warm-up on first use (JIT, pools, prepared plans), on slots of its own.
    if (first) await autocannon({ ...options, duration: Math.max(2, Math.round(seconds / 4)) });
    const result = await autocannon({ ...options, duration: seconds });
    return {
      name,
      booked: result['2xx'],
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      peakRssMiB: peakRssMiB(child),
    };
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const url = await freshDatabase(config.database.url, BENCH_DB);
  const started = Date.now();
  const targets = await seedBookings(url, perServer);
  console.log(`seeded 100 offers and ${perServer * 2} free slots in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const apiPort = 3905;
  const barePort = 3906;
  const env = benchApiEnv({ url, port: apiPort, redisPrefix: `bench-booking-${process.pid}`, poolSize });
  const api = spawn(process.execPath, [resolve(root, 'apps/api/src/main.js')], { env, stdio: 'inherit' });
  const bare = fork(resolve(root, 'bench/booking-bare-server.js'), [url, env.JWT_SECRET!, String(barePort), String(poolSize)], { stdio: 'inherit' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
    await waitForHttp(`http://127.0.0.1:${barePort}/health`);
    const accessToken = await benchLogin(apiPort, BENCH_EMAIL, BENCH_PASSWORD);

    // Two rounds in mirrored order (bare, API, API, bare) so drift on the shared machine hits both alike.
    const measure = measurer({ authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' });
    const bareUrl = `http://127.0.0.1:${barePort}/bookings`;
    const apiUrl = `http://127.0.0.1:${apiPort}/bookings`;
    const rows: Figures[] = [];
    rows.push(await measure('bare Fastify + pg', bareUrl, targets.bare, bare));
    rows.push(await measure('Passerelle API', apiUrl, targets.api, api));
    rows.push(await measure('Passerelle API', apiUrl, targets.api, api));
    rows.push(await measure('bare Fastify + pg', bareUrl, targets.bare, bare));
    // Requests autocannon left in flight finish before the servers stop.
    await new Promise((done) => setTimeout(done, 2000));

    const client = new Client({ connectionString: url });
    await client.connect();
    const overbooked = (await client.query('SELECT count(*)::int AS n FROM slot_occupancy WHERE booked > capacity')).rows[0].n;
    const mismatched = (
      await client.query(
        `SELECT count(*)::int AS n FROM slot_occupancy s
          WHERE s.booked <> (SELECT count(*) FROM bookings b WHERE b.offer_id = s.offer_id AND b.starts_at = s.starts_at AND b.status <> 'cancelled')`,
      )
    ).rows[0].n;
    const bookings = (await client.query('SELECT count(*)::int AS n FROM bookings')).rows[0].n;
    await client.end();

    const rate = (name: string) => rows.filter((row) => row.name === name).reduce((sum, row) => sum + row.requestsPerSecond, 0);
    console.log(`POST /bookings, distinct slots, ${connections} connections, pool of ${poolSize}, ${seconds} s each, Node ${process.version}`);
    console.log('| run | server | booked | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx | peak RSS MiB |');
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    rows.forEach((row, index) => {
      console.log(
        `| ${index + 1} | ${row.name} | ${row.booked} | ${row.requestsPerSecond} | ${row.p50} | ${row.p90} | ${row.p97_5} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.peakRssMiB} |`,
      );
    });
    console.log(`throughput vs baseline (both rounds): ${(rate('Passerelle API') / rate('bare Fastify + pg')).toFixed(2)}`);
    console.log(`bookings ${bookings}; slots over capacity: ${overbooked}; slots whose count differs from their bookings: ${mismatched}`);
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
