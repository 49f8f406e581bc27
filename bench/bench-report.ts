import { writeFileSync } from 'node:fs';
import { percentile, totalRate, type LoadFigures } from './load-measure';

/** One line of `npm run bench`'s table: a server (or a run) of one benchmark. */
export interface BenchRow {
  bench: string;
  subject: string;
  medianMs?: number;
  p95Ms?: number;
  p99Ms?: number;
  throughput?: number;
  unit?: string;
  ratioToBaseline?: number;
  peakRssMiB?: number;
  notes?: string;
}

/** `--name value` from the command line, as a number, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) || fallback : fallback;
}

/**
 * Summarises the mirrored rounds of a load benchmark: one row per server, median of its rounds'
 * percentiles, summed throughput, ratio to the baseline's throughput.
 */
export function loadRows(bench: string, rows: LoadFigures[], baseline: string, notes?: string): BenchRow[] {
  const names = [...new Set(rows.map((row) => row.name))];
  const baseRate = totalRate(rows, baseline);
  return names.map((name) => {
    const mine = rows.filter((row) => row.name === name);
    const median = (pick: (row: LoadFigures) => number) => percentile(mine.map(pick).sort((a, b) => a - b), 50);
    return {
      bench,
      subject: name,
      medianMs: median((row) => row.p50),
      p95Ms: median((row) => row.p95),
      p99Ms: median((row) => row.p99),
      throughput: Math.round(totalRate(rows, name) / mine.length),
      unit: 'req/s',
      ratioToBaseline: baseRate > 0 ? Math.round((totalRate(rows, name) / baseRate) * 100) / 100 : undefined,
      peakRssMiB: Math.max(...mine.map((row) => row.peakRssMiB)),
      notes: name === baseline ? 'baseline' : notes,
    };
  });
}

/** Writes the rows as JSON to the file after `--json`, for `npm run bench` (bench/run.ts). */
export function reportRows(rows: BenchRow[]): void {
  const index = process.argv.indexOf('--json');
  if (index > 0 && process.argv[index + 1]) writeFileSync(process.argv[index + 1]!, JSON.stringify(rows, null, 2));
}
