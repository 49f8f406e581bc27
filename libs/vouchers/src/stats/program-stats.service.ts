import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { toSafeInteger } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import { ProgramAccess } from '../programs/program-access.service';
import { ProgramStatsRepository, type CountRow } from './program-stats.repository';

export interface Amount {
  count: number;
  cents: number;
}

export interface ProgramStatsView {
  programId: string;
  budgetCents: number;
  issuedCents: number;
  budgetLeftCents: number;
  /** Redeemed counts every voucher used, whether or not invoiced or paid since. */
  totals: { issued: Amount; assigned: Amount; redeemed: Amount; expired: Amount; cancelled: Amount };
  byProcedure: ({ procedureCode: string } & Amount)[];
  byDepartement: ({ departement: string } & Amount)[];
  byMonth: ({ month: string } & Amount)[];
}

const USED = new Set(['redeemed', 'invoiced', 'paid']);

/** Usage and spend of a program, for its funder only (anyone else: PROGRAM_NOT_FOUND). */
@Injectable()
export class ProgramStatsService {
  constructor(
    private readonly stats: ProgramStatsRepository,
    private readonly access: ProgramAccess,
  ) {}

  async get(actor: Actor, programId: string): Promise<ProgramStatsView> {
    const program = await this.access.programOfFunder(actor, programId);
    const [byStatus, assigned, byProcedure, byDepartement, byMonth] = await Promise.all([
      this.stats.byStatus(programId),
      this.stats.assigned(programId),
      this.stats.redemptionsBy(programId, 'procedure'),
      this.stats.redemptionsBy(programId, 'departement'),
      this.stats.redemptionsBy(programId, 'month'),
    ]);
    const sum = (keep: (status: string) => boolean): Amount =>
      byStatus.filter((row) => keep(row.key)).reduce((total, row) => add(total, amountOf(row)), { count: 0, cents: 0 });
    return {
      programId,
      budgetCents: program.budgetCents,
      issuedCents: program.issuedCents,
      budgetLeftCents: program.budgetCents - program.issuedCents,
      totals: {
        issued: sum(() => true),
        assigned: amountOf(assigned),
        redeemed: sum((status) => USED.has(status)),
        expired: sum((status) => status === 'expired'),
        cancelled: sum((status) => status === 'cancelled'),
      },
      byProcedure: byProcedure.map((row) => ({ procedureCode: row.key, ...amountOf(row) })),
      byDepartement: byDepartement.map((row) => ({ departement: row.key, ...amountOf(row) })),
      byMonth: byMonth.map((row) => ({ month: row.key, ...amountOf(row) })),
    };
  }

  /** The same figures as one flat table: section, key, count, amount in cents. */
  async csv(actor: Actor, programId: string): Promise<string> {
    const stats = await this.get(actor, programId);
    const rows: [string, string, number, number][] = [
      ['budget', 'budget', 0, stats.budgetCents],
      ['budget', 'issued', 0, stats.issuedCents],
      ['budget', 'left', 0, stats.budgetLeftCents],
      ...Object.entries(stats.totals).map(([key, amount]) => ['total', key, amount.count, amount.cents] as [string, string, number, number]),
      ...stats.byProcedure.map((row) => ['procedure', row.procedureCode, row.count, row.cents] as [string, string, number, number]),
      ...stats.byDepartement.map((row) => ['departement', row.departement, row.count, row.cents] as [string, string, number, number]),
      ...stats.byMonth.map((row) => ['month', row.month, row.count, row.cents] as [string, string, number, number]),
    ];
    return stringify(rows, { header: true, columns: ['section', 'key', 'count', 'amount_cents'] });
  }
}

function amountOf(row: CountRow): Amount {
  return { count: row.count, cents: toSafeInteger(row.cents) };
}

function add(a: Amount, b: Amount): Amount {
  return { count: a.count + b.count, cents: a.cents + b.cents };
}
