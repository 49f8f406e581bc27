import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '@passerelle/config';
import { freshDatabase, peakRssMiB, waitForHttp } from './bench-support';

/**
 * `npm run bench`: GET /me through the whole API (rate limit in Redis, JWT guard, live-session
 * check, roles, validation, problem filter, JSON logs) next to a bare Fastify + pg server doing
 * the same essential work, in one run. `--seconds N` sets each measurement's length.
 */
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const connections = 50;
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench';

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMiB: number;
}

async function measure(name: string, url: string, token: string, child: ChildProcess): Promise<Figures> {
  const headers = { authorization: `Bearer ${token}` };
  await autocannon({ url, connections, duration: Math.max(2, Math.round(seconds / 4)), headers });
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    peakRssMiB: peakRssMiB(child),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const url = await freshDatabase(config.database.url, BENCH_DB);
  const apiPort = 3901;
  const barePort = 3902;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
    DATABASE_URL: url,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: 'bench',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const api = spawn(process.execPath, [resolve(root, 'apps/api/src/main.js')], { env, stdio: 'inherit' });
  const bare = fork(resolve(root, 'bench/bare-me-server.js'), [url, env.JWT_SECRET, String(barePort)], { stdio: 'inherit' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
    await waitForHttp(`http://127.0.0.1:${barePort}/me`);
    const registration = await fetch(`http://127.0.0.1:${apiPort}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.org', password: 'bench password', displayName: 'Bench' }),
    });
    const { accessToken } = (await registration.json()) as { accessToken: string };

    const baseline = await measure('bare Fastify + pg', `http://127.0.0.1:${barePort}/me`, accessToken, bare);
    const ours = await measure('Passerelle API', `http://127.0.0.1:${apiPort}/me`, accessToken, api);
    console.log(`GET /me, ${connections} connections, ${seconds} s each, Node ${process.version}`);
    console.log('| server | req/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | peak RSS MiB | throughput vs baseline |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of [baseline, ours]) {
      const ratio = (row.requestsPerSecond / baseline.requestsPerSecond).toFixed(2);
      console.log(
        `| ${row.name} | ${row.requestsPerSecond} | ${row.p50} | ${row.p90} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.peakRssMiB} | ${ratio} |`,
      );
    }
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
