import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { BillingModule, InvoicingRunService, invoicingPeriod } from '@passerelle/billing';
import { ConfigModule, loadConfig } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';
import { RedisModule } from '@passerelle/redis';
import { numberArg, reportRows, type BenchRow } from './bench-report';
import { freshDatabase } from './bench-support';
import { BENCH_PERIOD, seedRedeemedVouchers, type InvoicingScale } from './invoicing-seed';

/**
 * `npm run bench:invoicing`: the real InvoicingRunService (in this process, as the worker runs it)
 * invoicing one month of redeemed vouchers — by default 1,000,000 over 500 funders/programs and
 * 5,000 structures — next to one bare SQL aggregation of the same rows (GROUP BY funder, program,
 * structure, procedure) in the same run. Wall time and peak RSS (sampled every 20 ms during the run).
 * `--vouchers N --programs N --structures N` for another scale, `--json <file>` for the result rows.
 */
const scale: InvoicingScale = { vouchers: numberArg('--vouchers', 1_000_000), programs: numberArg('--programs', 500), structures: numberArg('--structures', 5_000) };
const BENCH_DB = 'passerelle_bench_invoicing';
const MiB = 1024 * 1024;

const BARE_AGGREGATION = `
  SELECT p.funder_id, r.program_id, r.structure_id, r.procedure_code, count(*) AS quantity, sum(r.face_value_cents) AS face_value_cents
    FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id JOIN voucher_programs p ON p.id = r.program_id
   WHERE r.undone_at IS NULL AND v.status = 'redeemed' AND r.redeemed_at < $1
   GROUP BY p.funder_id, r.program_id, r.structure_id, r.procedure_code`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function main(): Promise<void> {
  const base = loadConfig();
  const seedStarted = Date.now();
  const url = await freshDatabase(base.database.url, BENCH_DB);
  await seedRedeemedVouchers(url, scale);
  console.log(`seeded ${scale.vouchers} redeemed vouchers, ${scale.programs} programs, ${scale.structures} structures in ${Math.round((Date.now() - seedStarted) / 1000)} s`);

  const client = new Client({ connectionString: url });
  await client.connect();
  const endsAt = invoicingPeriod(BENCH_PERIOD).endsAt;
  // Once to warm the cache (the run reads the same rows), then timed.
  await client.query(BARE_AGGREGATION, [endsAt]);
  const bare = await timed(() => client.query(BARE_AGGREGATION, [endsAt]));

  const config = loadConfig(undefined, { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', REDIS_PREFIX: 'bench-invoicing' });
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, BillingModule] })
  class InvoicingBenchModule {}
  const app = await NestFactory.createApplicationContext(InvoicingBenchModule, { logger: ['error', 'warn'] });
  const runs = app.get(InvoicingRunService);

  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const run = await timed(() => runs.run('system', BENCH_PERIOD, new Date('2026-11-01T06:00:00+01:00')));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  await app.close();

  const check = (
    await client.query(`
      SELECT (SELECT count(*) FROM invoices)::int AS invoices,
             (SELECT count(*) FROM vouchers WHERE status = 'invoiced')::int AS invoiced,
             (SELECT count(*) FROM invoice_lines)::int AS lines,
             (SELECT count(*) FROM (SELECT journal_id FROM ledger_entries GROUP BY journal_id HAVING sum(amount_cents) <> 0) u)::int AS unbalanced,
             (SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE account = 'funder_unbilled')::bigint AS unbilled`)
  ).rows[0];
  await client.end();
  const failures = [];
  if (run.result.failed.length > 0) failures.push(`${run.result.failed.length} programs failed: ${run.result.failed[0]!.error}`);
  if (check.invoices !== scale.programs) failures.push(`${check.invoices} invoices for ${scale.programs} programs`);
  if (check.invoiced !== scale.vouchers) failures.push(`${check.invoiced} of ${scale.vouchers} vouchers invoiced`);
  if (check.unbalanced !== 0) failures.push(`${check.unbalanced} unbalanced journals`);
  if (Number(check.unbilled) !== 0) failures.push(`funder_unbilled left at ${check.unbilled}`);

  const peakRssMiB = Math.round(peakRss / MiB);
  const rows: BenchRow[] = [
    {
      bench: `invoicing run, ${scale.vouchers} vouchers`,
      subject: 'bare SQL aggregation',
      medianMs: Math.round(bare.ms),
      throughput: Math.round(scale.vouchers / (bare.ms / 1000)),
      unit: 'vouchers/s',
      ratioToBaseline: 1,
      notes: `${bare.result.rowCount} groups, single query, warm cache`,
    },
    {
      bench: `invoicing run, ${scale.vouchers} vouchers`,
      subject: 'InvoicingRunService.run',
      medianMs: Math.round(run.ms),
      throughput: Math.round(scale.vouchers / (run.ms / 1000)),
      unit: 'vouchers/s',
      ratioToBaseline: Number((bare.ms / run.ms).toFixed(3)),
      peakRssMiB,
      notes: `${check.invoices} invoices, ${check.lines} lines; RSS ${Math.round(rssBefore / MiB)} MiB before the run${failures.length ? `; CHECK FAILED: ${failures.join('; ')}` : ''}`,
    },
  ];
  console.log(`Invoicing run, ${scale.vouchers} vouchers, ${scale.programs} funders/programs, ${scale.structures} structures, Node ${process.version}`);
  console.log('| measurement | wall time s | vouchers/s | peak RSS MiB | × bare SQL | notes |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const timesBare = (row.medianMs! / bare.ms).toFixed(1);
    console.log(`| ${row.subject} | ${(row.medianMs! / 1000).toFixed(2)} | ${row.throughput} | ${row.peakRssMiB ?? ''} | ${timesBare} | ${row.notes} |`);
  }
  reportRows(rows);
  if (failures.length > 0) {
    console.error(`invariants broken: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
