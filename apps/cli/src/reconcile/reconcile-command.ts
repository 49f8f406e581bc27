import { parseArgs } from 'node:util';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BillingModule, ReconciliationService, type ReconciliationReport } from '@passerelle/billing';
import { ConfigModule, type AppConfig } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';
import { RedisModule } from '@passerelle/redis';

const USAGE = 'Usage: npm run billing:reconcile [-- --from 2026-10-01] [--to 2026-10-31]';

@Module({})
class ReconcileModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ReconcileModule, imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, BillingModule] };
  }
}

/**
 * `billing:reconcile`: runs the reconciliation (ledger vs invoices, payments and payouts, and Stripe
 * when configured), prints the counts and every difference as a table; 1 when there is any.
 */
export async function reconcileCommand(config: AppConfig, args: string[], print: (line: string) => void): Promise<number> {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch {
    throw new Error(USAGE);
  }
  const app = await NestFactory.createApplicationContext(ReconcileModule.forRoot(config), { logger: ['error'], abortOnError: false });
  try {
    const report = await app.get(ReconciliationService).reconcile('system', {
      ...(values.from !== undefined ? { from: values.from } : {}),
      ...(values.to !== undefined ? { to: values.to } : {}),
    });
    for (const line of reportLines(report)) print(line);
    return report.differences.length === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

function reportLines(report: ReconciliationReport): string[] {
  const { from, to } = report.period;
  const lines = [
    `Reconciliation at ${report.checkedAt}, ${from || to ? `period ${from ?? '…'} to ${to ?? '…'}` : 'everything'}${report.stripeChecked ? '' : ' (Stripe not configured: Stripe checks skipped)'}`,
    ...table(
      ['check', 'checked', 'differences'],
      Object.entries(report.counts).map(([check, count]) => [check, String(count.checked), String(count.differences)]),
    ),
  ];
  if (report.differences.length === 0) return [...lines, 'No difference.'];
  return [
    ...lines,
    `${report.differences.length} difference(s):`,
    ...table(
      ['kind', 'subject', 'expected', 'actual', 'detail'],
      report.differences.map((d) => [
        d.kind,
        Object.entries(d.subject).map(([key, value]) => `${key}=${value ?? '-'}`).join(' '),
        String(d.expected ?? '-'),
        String(d.actual ?? '-'),
        d.detail,
      ]),
    ),
  ];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}
