import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { VoucherExpiryRepository } from './voucher-expiry.repository';

export const EXPIRY_BATCH_SIZE = 500;

/**
 * Moves vouchers past their program's validity and grace period to 'expired', a batch at a time
 * (each batch its own short transaction, rows taken with SKIP LOCKED so a redemption in flight is
 * never waited on and two sweeps never collide). Re-running it finds nothing left to do.
 */
@Injectable()
export class VoucherExpiryService {
  constructor(
    private readonly expiry: VoucherExpiryRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** How many vouchers this run expired. */
  async sweep(batchSize = EXPIRY_BATCH_SIZE): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.transactions.run(async (tx) => {
        const rows = await this.expiry.expireBatch(batchSize, tx);
        if (rows.length > 0) {
          const perProgram = rows.reduce<Record<string, number>>((counts, row) => {
            counts[row.programId] = (counts[row.programId] ?? 0) + 1;
            return counts;
          }, {});
          await this.audit.record(
            SYSTEM_ACTOR,
            { action: 'vouchers.expired', objectType: 'voucher_batch_sweep', details: { count: rows.length, perProgram } },
            tx,
          );
        }
        return rows.length;
      });
      total += expired;
      if (expired < batchSize) return total;
    }
  }
}
