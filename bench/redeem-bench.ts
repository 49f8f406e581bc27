import { fork, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { loadRows, numberArg, reportRows } from './bench-report';
import { benchApiEnv, benchLogin, freshDatabase, waitForHttp } from './bench-support';
import { mirroredPostRounds, printLoadTable } from './load-measure';
import { BENCH_EMAIL, BENCH_PASSWORD, seedRedemptions } from './redeem-seed';

/**
 * `npm run bench:vouchers`: POST /vouchers/redeem through the whole API (rate limits, JWT and live
 * session, validation, booking lookup, eligibility and credential checks, idempotency, the
 * conditional update, the redemption row and its audit entry) next to a bare Fastify + pg server
 * doing the same conditional UPDATE, in one run. Every request redeems a distinct code.
 */
const seconds = numberArg('--seconds', 10);
const perServer = numberArg('--codes', 60_000);
const connections = 50;
/** PostgreSQL connections per server, the same for both (the API's DATABASE_POOL_SIZE). */
const poolSize = numberArg('--pool', 10);
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench_vouchers';

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

    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const rows = await mirroredPostRounds(
      { connections, seconds, headers, idempotencyKeys: true },
      { name: 'bare Fastify + pg', url: `http://127.0.0.1:${barePort}/vouchers/redeem`, bodies: targets.bare, server: bare },
      { name: 'Passerelle API', url: `http://127.0.0.1:${apiPort}/vouchers/redeem`, bodies: targets.api, server: api },
    );

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

    printLoadTable(
      `POST /vouchers/redeem, distinct codes, ${connections} connections, pool of ${poolSize}, ${seconds} s each, Node ${process.version}`,
      rows,
      'redeemed',
    );
    console.log(
      `vouchers redeemed twice: ${doubles}; redemption rows ${totals.redemptions}, vouchers in 'redeemed' ${totals.redeemed}, API audit entries ${totals.audited}`,
    );
    reportRows(loadRows('POST /vouchers/redeem', rows, 'bare Fastify + pg', `${doubles} vouchers redeemed twice`));
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
