import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface BatchRow {
  id: string;
  program_id: string;
  size: number;
  created_at: Date;
}

export interface BatchVoucherRow {
  code: string;
  status: string;
}

@Injectable()
export class BatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertBatch(programId: string, size: number, createdBy: string, manager: EntityManager): Promise<BatchRow> {
    const rows: BatchRow[] = await manager.query(
      'INSERT INTO voucher_batches (program_id, size, created_by) VALUES ($1, $2, $3) RETURNING id, program_id, size, created_at',
      [programId, size, createdBy],
    );
    return rows[0]!;
  }

  /** Inserts the codes that are still free; returns those inserted (a taken code is simply skipped). */
  async insertFreeCodes(
    codes: string[],
    batch: { id: string; programId: string; faceValueCents: number },
    manager: EntityManager,
  ): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      `INSERT INTO vouchers (code, program_id, batch_id, face_value_cents)
       SELECT code, $2, $3, $4 FROM unnest($1::text[]) AS code
       ON CONFLICT (code) DO NOTHING
       RETURNING code`,
      [codes, batch.programId, batch.id, batch.faceValueCents],
    );
    return rows.map((row) => row.code);
  }

  async findById(id: string): Promise<BatchRow | null> {
    const rows: BatchRow[] = await this.dataSource.query(
      'SELECT id, program_id, size, created_at FROM voucher_batches WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async vouchersOf(batchId: string): Promise<BatchVoucherRow[]> {
    return this.dataSource.query('SELECT code, status FROM vouchers WHERE batch_id = $1 ORDER BY created_at, code', [batchId]);
  }
}
