import { fork, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { loadRows, numberArg, reportRows } from './bench-report';
import { benchApiEnv, benchLogin, freshDatabase, waitForHttp } from './bench-support';
import { mirroredPostRounds, printLoadTable } from './load-measure';
import { BENCH_EMAIL, BENCH_PASSWORD, seedBookings } from './booking-seed';

/**
 * `npm run bench:booking`: POST /bookings through the whole API (rate limit, JWT and live session,
 * validation, offer read, slot computed from the opening rules and closures in Europe/Paris, the
 * conditional upsert on the slot, the booking row, two outbox rows and the audit entry) next to a
 * bare Fastify + pg server doing the same reads and inserts, in one run. Every request books a
 * distinct free slot (50 connections).
 */
const seconds = numberArg('--seconds', 10);
const perServer = numberArg('--slots', 40_000);
const connections = 50;
/** PostgreSQL connections per server, the same for both (the API's DATABASE_POOL_SIZE). */
const poolSize = numberArg('--pool', 10);
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench_booking';

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

    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const rows = await mirroredPostRounds(
      { connections, seconds, headers },
      { name: 'bare Fastify + pg', url: `http://127.0.0.1:${barePort}/bookings`, bodies: targets.bare, server: bare },
      { name: 'Passerelle API', url: `http://127.0.0.1:${apiPort}/bookings`, bodies: targets.api, server: api },
    );

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

    printLoadTable(
      `POST /bookings, distinct slots, ${connections} connections, pool of ${poolSize}, ${seconds} s each, Node ${process.version}`,
      rows,
      'booked',
    );
    console.log(`bookings ${bookings}; slots over capacity: ${overbooked}; slots whose count differs from their bookings: ${mismatched}`);
    reportRows(loadRows('POST /bookings', rows, 'bare Fastify + pg', `${overbooked} slots over capacity`));
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
