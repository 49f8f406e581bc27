import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { createDataSource } from '@passerelle/database';
import { generateCatalog } from '../libs/catalog/src/open-data/generator/generate-catalog';
import { COMMUNES } from '../libs/catalog/src/open-data/generator/communes';
import { buildSearchSql } from '../libs/catalog/src/search/search-sql';
import { loadRows, numberArg, reportRows } from './bench-report';
import { benchApiEnv, freshDatabase, waitForHttp } from './bench-support';
import { measureLoad, percentile, type LoadFigures } from './load-measure';

/**
 * `npm run bench:search`: GET /offers/search on a national-scale catalogue (50,000 places,
 * 200,000 offers, built by the open-data generator) through the whole API, next to a bare
 * Fastify + pg server running the same SQL, in one run. Each request searches one procedure around
 * one of many realistic points (the generator's communes with a jitter) within 5 to 20 km. Then
 * every query of the rotation is timed alone and the slowest is shown with EXPLAIN ANALYZE.
 * Each server is measured at 1 and 10 connections (the latency of one search, with little queueing)
 * as well as at the goal's 50. `--seconds N` sets each measurement's length; `--places N` the
 * catalogue size (4 offers per place); `--cpu-prof DIR` writes a CPU profile of the API there.
 */
const seconds = numberArg('--seconds', 10);
const places = numberArg('--places', 50_000);
const offersPerPlace = 4;
const CONNECTION_LEVELS = [1, 10, 50];
const cpuProfileDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const root = resolve(__dirname, '..');
const BENCH_DB = 'passerelle_bench_search';

type Figures = LoadFigures & { connections: number };

/** A deterministic rotation of search paths: procedure × town × jitter × radius. */
function searchPaths(procedures: string[]): string[] {
  const paths: string[] = [];
  let state = 42;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const town = COMMUNES[Math.floor(next() * COMMUNES.length)]!;
    const lat = (town.latitude + (next() - 0.5) * 0.1).toFixed(4);
    const lon = (town.longitude + (next() - 0.5) * 0.14).toFixed(4);
    const procedure = procedures[Math.floor(next() * procedures.length)]!;
    const radiusKm = [5, 10, 10, 20][Math.floor(next() * 4)]!;
    paths.push(`/offers/search?procedure=${procedure}&lat=${lat}&lon=${lon}&radiusKm=${radiusKm}`);
  }
  return paths;
}

function measure(name: string, base: string, paths: string[], server: ChildProcess, connections: number): Promise<Figures> {
  let cursor = 0;
  const rotate = (request: autocannon.Request) => ({ ...request, path: paths[cursor++ % paths.length]! });
  return measureLoad(name, { url: base, connections, seconds, setupRequest: rotate }, server).then((figures) => ({ ...figures, connections }));
}

/** Mean number of results of the first 100 queries of the rotation (the same on both servers). */
async function meanItems(base: string, paths: string[]): Promise<number> {
  let items = 0;
  for (const path of paths.slice(0, 100)) items += ((await (await fetch(base + path)).json()) as { items: unknown[] }).items.length;
  return items / 100;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const url = await freshDatabase(config.database.url, BENCH_DB);
  const dataSource = createDataSource(loadConfig(undefined, { DATABASE_URL: url }));
  await dataSource.initialize();
  const generated = await generateCatalog(dataSource, { places, offersPerPlace, seed: 7 });
  await dataSource.destroy();
  const client = new Client({ connectionString: url });
  await client.connect();
  const counts = (await client.query(
    `SELECT (SELECT count(*) FROM places) AS places, (SELECT count(*) FROM offers) AS offers,
            (SELECT count(*) FROM offer_search) AS rows, (SELECT count(*) FROM offer_search WHERE visible_until >= current_date) AS visible`,
  )).rows[0];
  const procedures = (await client.query<{ code: string }>('SELECT code FROM procedures ORDER BY code')).rows.map((row) => row.code);
  console.error(
    `generated ${counts.places} places, ${counts.offers} offers in ${(generated.millis / 1000).toFixed(1)} s ` +
      `(offer_search: ${counts.rows} active offers, ${counts.visible} visible today)`,
  );

  const apiPort = 3911;
  const barePort = 3912;
  const env = benchApiEnv({ url, port: apiPort, redisPrefix: 'bench-search', poolSize: 10 });
  const poolSize = env.DATABASE_POOL_SIZE!;
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const api = spawn(process.execPath, [...profiling, resolve(root, 'apps/api/src/main.js')], { env, stdio: 'inherit' });
  const bare = fork(resolve(root, 'bench/search-bare-server.js'), [url, String(barePort), poolSize], { stdio: 'inherit' });
  try {
    await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
    await waitForHttp(`http://127.0.0.1:${barePort}/offers/search`);
    const paths = searchPaths(procedures);
    const rows: Figures[] = [];
    for (const connections of CONNECTION_LEVELS) {
      rows.push(await measure('bare Fastify + pg, same SQL', `http://127.0.0.1:${barePort}`, paths, bare, connections));
      rows.push(await measure(`Passerelle API${cpuProfileDir ? ' (CPU-profiled)' : ''}`, `http://127.0.0.1:${apiPort}`, paths, api, connections));
    }
    console.log(
      `GET /offers/search, ${counts.places} places / ${counts.offers} offers, ${seconds} s each, ` +
        `${paths.length} rotating queries (mean ${await meanItems(`http://127.0.0.1:${apiPort}`, paths)} results per page), Node ${process.version}, pool ${poolSize}`,
    );
    console.log('| connections | server | requests | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | non-2xx | peak RSS MiB | throughput vs baseline |');
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      const baseline = rows.find((other) => other.connections === row.connections)!;
      const ratio = (row.requestsPerSecond / baseline.requestsPerSecond).toFixed(2);
      console.log(
        `| ${row.connections} | ${row.name} | ${row.requests} | ${row.requestsPerSecond} | ${row.p50} | ${row.p90} | ${row.p95} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.peakRssMiB} | ${ratio} |`,
      );
    }
    reportRows(
      CONNECTION_LEVELS.flatMap((connections) =>
        loadRows(`GET /offers/search, ${connections} conn.`, rows.filter((row) => row.connections === connections), 'bare Fastify + pg, same SQL'),
      ),
    );
    await explainWorst(client, paths);
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
    await client.end();
  }
}

/**
 * Times every query of the rotation alone on one connection (best of three, named prepared
 * statement as the servers run it), prints the median and the slowest, and the slowest one's plan.
 */
async function explainWorst(client: Client, paths: string[]): Promise<void> {
  let worst = { path: '', millis: 0 };
  const timings: number[] = [];
  for (const path of new Set(paths)) {
    const statement = buildSearchSql(criteriaOf(path), 21, 0);
    let millis = Infinity;
    // The best of three: on shared cores a single timing mostly measures the neighbours.
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      await client.query(statement);
      millis = Math.min(millis, performance.now() - started);
    }
    timings.push(millis);
    if (millis > worst.millis) worst = { path, millis };
  }
  timings.sort((a, b) => a - b);
  console.log(
    `\nEach query of the rotation alone, round trip from Node on one connection: median ${percentile(timings, 50).toFixed(2)} ms, ` +
      `p95 ${percentile(timings, 95).toFixed(2)} ms, max ${worst.millis.toFixed(2)} ms`,
  );
  const statement = buildSearchSql(criteriaOf(worst.path), 21, 0);
  const plan = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, values: statement.values });
  console.log(`\nSlowest query of the rotation alone: ${worst.path} (${worst.millis.toFixed(1)} ms)`);
  for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(`    ${row['QUERY PLAN']}`);
}

function criteriaOf(path: string) {
  const query = new URL(path, 'http://bench').searchParams;
  return {
    procedure: query.get('procedure') ?? undefined,
    near: { lat: Number(query.get('lat')), lon: Number(query.get('lon')), radiusKm: Number(query.get('radiusKm')) },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
