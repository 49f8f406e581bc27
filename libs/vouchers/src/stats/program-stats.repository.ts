import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CountRow {
  key: string;
  count: number;
  cents: string;
}

@Injectable()
export class ProgramStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Vouchers per status. */
  byStatus(programId: string): Promise<CountRow[]> {
    return this.dataSource.query(
      `SELECT status AS key, count(*)::int AS count, coalesce(sum(face_value_cents), 0)::text AS cents
         FROM vouchers WHERE program_id = $1 GROUP BY status`,
      [programId],
    );
  }

  /** Vouchers ever handed out by a prescriber, whatever became of them. */
  async assigned(programId: string): Promise<CountRow> {
    const rows: CountRow[] = await this.dataSource.query(
      `SELECT 'assigned' AS key, count(*)::int AS count, coalesce(sum(v.face_value_cents), 0)::text AS cents
         FROM voucher_assignments a JOIN vouchers v ON v.id = a.voucher_id WHERE v.program_id = $1`,
      [programId],
    );
    return rows[0]!;
  }

  /** Live redemptions grouped by procedure, département or month (Europe/Paris). */
  redemptionsBy(programId: string, dimension: 'procedure' | 'departement' | 'month'): Promise<CountRow[]> {
    const key = {
      procedure: 'procedure_code',
      departement: 'departement',
      month: `to_char(redeemed_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`,
    }[dimension];
    return this.dataSource.query(
      `SELECT ${key} AS key, count(*)::int AS count, sum(face_value_cents)::text AS cents
         FROM voucher_redemptions WHERE program_id = $1 AND undone_at IS NULL
        GROUP BY 1 ORDER BY 1`,
      [programId],
    );
  }
}
