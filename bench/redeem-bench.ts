import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { benchApiEnv, benchLogin, freshDatabase, peakRssMiB, waitForHttp } from './bench-support';
import { BENCH_EMAIL, BENCH_PASSWORD, seedRedemptions, type RedeemTarget } from './redeem-seed';

/**
 * `npm run bench:vouchers`: POST /vouchers/redeem through the whole API (rate limits, JWT and live
 * session, validation, booking lookup, eligibility and credential checks, idempotency, the
 * conditional update, the redemption row and its audit entry) next to a bare Fastify + pg server
 * doing the same conditional UPDATE, in one run. Every request redeems a distinct code.
 */
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const perServer = Number(process.argv[process.argv.indexOf('--codes') + 1]) || 60_000;
const connections = 50;
/** PostgreSQL connections per server, the same for both (the API's DATABASE_POOL_SIZE). */
const poolSize = Number(process.argv[process.argv.indexOf('--pool') + 1]) || 10;
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench_vouchers';

interface Figures {
  name: string;
  redeemed: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMiB: number;
}

/** Hands each request the next unused code and booking (past the end: a used one, answered 409). */
function loader(targets: RedeemTarget[], keyPrefix: string) {
  let next = 0;
  return (request: autocannon.Request) => {
    const index = next++;
    const target = targets[Math.min(index, targets.length - 1)]!;
    request.body = JSON.stringify(target);
    request.headers = { ...request.headers, 'idempotency-key': `${keyPrefix}-${index}` };
    return request;
  };
}

/** Hands out each server's codes across its measurements, so no code is ever sent twice by design. */
function measurer(headers: Record<string, string>) {
  const loaders = new Map<string, ReturnType<typeof loader>>();
  return async (name: string, url: string, targets: RedeemTarget[], child: ChildProcess): Promise<Figures> => {
    const first = !loaders.has(name);
    // Keys are per structure and both servers redeem for the same one: each gets its own key space.
    if (first) loaders.set(name, loader(targets, name.replace(/\W+/g, '-')));
    const options = { url, connections, method: 'POST' as const, headers, requests: [{ setupRequest: loaders.get(name)! }] };
    if (first) await autocannon({ ...options, duration: Math.max(2, Math.round(seconds / 4)) });
    const result = await autocannon({ ...options, duration: seconds });
    return {
      name,
      redeemed: result['2xx'],
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p90: result.latency.p90,
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
  const targets = await seedRedemptions(url, perServer);
  console.log(`seeded ${perServer * 2} vouchers and completed bookings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const apiPort = 3903;
  const barePort = 3904;
  const env = benchApiEnv({ url, port: apiPort, redisPrefix: `bench-vouchers-${process.pid}`, poolSize });
  const api = spawn(process.execPath, [resolve(root, 'apps/api/src/main.js')], { env, stdio: 'inherit' });
  const bare = fork(resolve(root, 'bench/redeem-bare-server.js'), [url, env.JWT_SECRET!, String(barePort), String(poolSize)], { stdio: 'inherit' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
    await waitForHttp(`http://127.0.0.1:${barePort}/health`);
    const accessToken = await benchLogin(apiPort, BENCH_EMAIL, BENCH_PASSWORD);

    // Two rounds in mirrored order (bare, API, API, bare) so drift on the shared machine hits both alike.
    const measure = measurer({ authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' });
    const bareUrl = `http://127.0.0.1:${barePort}/vouchers/redeem`;
    const apiUrl = `http://127.0.0.1:${apiPort}/vouchers/redeem`;
    const rows: Figures[] = [];
    rows.push(await measure('bare Fastify + pg', bareUrl, targets.bare, bare));
    rows.push(await measure('Passerelle API', apiUrl, targets.api, api));
    rows.push(await measure('Passerelle API', apiUrl, targets.api, api));
    rows.push(await measure('bare Fastify + pg', bareUrl, targets.bare, bare));
    // Requests autocannon left in flight finish before the servers stop.
    await new Promise((done) => setTimeout(done, 2000));

    const client = new Client({ connectionString: url });
    await client.connect();
    const doubles = (
      await client.query('SELECT count(*)::int AS n FROM (SELECT voucher_id FROM voucher_redemptions GROUP BY 1 HAVING count(*) > 1) d')
    ).rows[0].n;
    const totals = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM voucher_redemptions) AS redemptions, (SELECT count(*)::int FROM vouchers WHERE status = 'redeemed') AS redeemed,
                (SELECT count(*)::int FROM audit_log WHERE action = 'voucher.redeemed') AS audited`,
      )
    ).rows[0];
    await client.end();

    const rate = (name: string) => rows.filter((row) => row.name === name).reduce((sum, row) => sum + row.requestsPerSecond, 0);
    const baselineRate = rate('bare Fastify + pg');
    console.log(`POST /vouchers/redeem, distinct codes, ${connections} connections, pool of ${poolSize}, ${seconds} s each, Node ${process.version}`);
    console.log('| run | server | redeemed | req/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | peak RSS MiB |');
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    rows.forEach((row, index) => {
      console.log(
        `| ${index + 1} | ${row.name} | ${row.redeemed} | ${row.requestsPerSecond} | ${row.p50} | ${row.p90} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.peakRssMiB} |`,
      );
    });
    console.log(`throughput vs baseline (both rounds): ${(rate('Passerelle API') / baselineRate).toFixed(2)}`);
    console.log(
      `vouchers redeemed twice: ${doubles}; redemption rows ${totals.redemptions}, vouchers in 'redeemed' ${totals.redeemed}, API audit entries ${totals.audited}`,
    );
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
