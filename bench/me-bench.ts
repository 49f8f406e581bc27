import { fork, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { loadConfig } from '@passerelle/config';
import { loadRows, numberArg, reportRows } from './bench-report';
import { benchApiEnv, freshDatabase, waitForHttp } from './bench-support';
import { measureLoad, printLoadTable } from './load-measure';

/**
 * `npm run bench:me`: GET /me through the whole API (rate limit in Redis, JWT guard, live-session
 * check, roles, validation, problem filter, JSON logs) next to a bare Fastify + pg server doing
 * the same essential work, in one run. `--seconds N` sets each measurement's length.
 */
const seconds = numberArg('--seconds', 10);
const connections = 50;
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = await freshDatabase(config.database.url, BENCH_DB);
  const apiPort = 3901;
  const barePort = 3902;
  const env = benchApiEnv({ url, port: apiPort, redisPrefix: 'bench', poolSize: 10 });
  const api = spawn(process.execPath, [resolve(root, 'apps/api/src/main.js')], { env, stdio: 'inherit' });
  const bare = fork(resolve(root, 'bench/bare-me-server.js'), [url, env.JWT_SECRET!, String(barePort)], { stdio: 'inherit' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
    await waitForHttp(`http://127.0.0.1:${barePort}/me`);
    const registration = await fetch(`http://127.0.0.1:${apiPort}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.org', password: 'bench password', displayName: 'Bench' }),
    });
    const { accessToken } = (await registration.json()) as { accessToken: string };

    const plan = (port: number) => ({ url: `http://127.0.0.1:${port}/me`, connections, seconds, headers: { authorization: `Bearer ${accessToken}` } });
    const rows = [await measureLoad('bare Fastify + pg', plan(barePort), bare), await measureLoad('Passerelle API', plan(apiPort), api)];
    printLoadTable(`GET /me, ${connections} connections, ${seconds} s each, Node ${process.version}`, rows);
    reportRows(loadRows('GET /me', rows, 'bare Fastify + pg'));
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
