import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class VoucherExpiryRepository {
  /** Expires up to `limit` live vouchers whose program's grace period has ended; returns them. */
  async expireBatch(limit: number, manager: EntityManager): Promise<{ id: string; programId: string }[]> {
    const rows: { id: string; program_id: string }[] = await manager.query(
      `WITH expired AS (
       UPDATE vouchers v SET status = 'expired', expired_at = now(), updated_at = now()
        WHERE v.id IN (
          SELECT v2.id FROM vouchers v2 JOIN voucher_programs p ON p.id = v2.program_id
           WHERE v2.live AND p.redeemable_until <= now()
           ORDER BY v2.id
           LIMIT $1
           FOR UPDATE OF v2 SKIP LOCKED)
          AND v.status IN ('issued', 'assigned')
        RETURNING v.id, v.program_id)
       SELECT id, program_id FROM expired`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, programId: row.program_id }));
  }
}
