import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import type { BenchRow } from './bench-report';
import { benchScale, type BenchScale } from './bench-scales';

/**
 * `npm run bench [-- --scale quick|default|full]`: runs every benchmark, each next to its bare
 * baseline in the same run, one after the other (each as its own process, printing its details),
 * then prints one table and rewrites it in bench/RESULTS.md with the date, the machine and the commit.
 */
const dist = resolve(__dirname, '..');
const repo = resolve(dist, '..');
const RESULTS = resolve(repo, 'bench', 'RESULTS.md');
const BEGIN = '<!-- npm run bench: table begin -->';
const END = '<!-- npm run bench: table end -->';

async function runBench(script: string, args: string[], jsonFile: string): Promise<BenchRow[]> {
  console.log(`\n=== ${script} ${args.join(' ')}`);
  const child = spawn(process.execPath, [resolve(dist, 'bench', script), ...args, '--json', jsonFile], { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
  return JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchRow[];
}

const cell = (value: number | string | undefined) => (value === undefined ? '' : String(value));

function table(rows: BenchRow[]): string {
  const lines = [
    '| benchmark | subject | median ms | p95 ms | p99 ms | throughput | ratio to baseline | peak RSS MiB | notes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const throughput = row.throughput === undefined ? '' : `${row.throughput} ${row.unit ?? ''}`.trim();
    lines.push(
      `| ${row.bench} | ${row.subject} | ${cell(row.medianMs)} | ${cell(row.p95Ms)} | ${cell(row.p99Ms)} | ${throughput} | ${cell(row.ratioToBaseline)} | ${cell(row.peakRssMiB)} | ${row.notes ?? ''} |`,
    );
  }
  return lines.join('\n');
}

async function machine(): Promise<string> {
  const config = loadConfig();
  const client = new Client({ connectionString: config.database.url.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}, PostgreSQL ${rows[0]?.server_version}`;
}

function commit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function rewriteResults(section: string): void {
  const text = readFileSync(RESULTS, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${RESULTS} has no "${BEGIN}" … "${END}" markers`);
  writeFileSync(RESULTS, `${text.slice(0, begin + BEGIN.length)}\n${section}\n${text.slice(end)}`);
}

async function main(): Promise<void> {
  const scale: BenchScale = benchScale(process.argv);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  const rows: BenchRow[] = [];
  for (const [index, { script, args }] of scale.benches.entries()) {
    rows.push(...(await runBench(script, args, join(dir, `${index}.json`))));
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const section = [
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, scale \`${scale.name}\` (${minutes} min), commit ${commit()}.`,
    `Machine: ${await machine()}; the load generator runs on the same cores.`,
    '',
    table(rows),
  ].join('\n');
  console.log(`\n${section}`);
  rewriteResults(section);
  console.log(`\nbench/RESULTS.md updated.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
