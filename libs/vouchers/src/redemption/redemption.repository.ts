import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { holdRedemptionProgramAgainstInvoicing } from '../invoicing/program-invoicing-lock';

export interface RedemptionRecord {
  id: string;
  voucherId: string;
  code: string;
  programId: string;
  funderId: string;
  bookingId: string;
  structureId: string;
  idempotencyKey: string;
  faceValueCents: number;
  redeemedAt: Date;
  undoneAt: Date | null;
  voucherStatus: string;
}

export interface NewRedemption {
  voucherId: string;
  programId: string;
  /** Not stored with the redemption (the program has it): carried for the ledger. */
  funderId: string;
  bookingId: string;
  structureId: string;
  procedureCode: string;
  departement: string;
  beneficiaryKey: string | null;
  faceValueCents: number;
  idempotencyKey: string;
  redeemedBy: string;
}

interface RedemptionRow {
  id: string;
  voucher_id: string;
  code: string;
  program_id: string;
  funder_id: string;
  booking_id: string;
  structure_id: string;
  idempotency_key: string;
  face_value_cents: string;
  redeemed_at: Date;
  undone_at: Date | null;
  voucher_status: string;
}

const SELECT_REDEMPTION = `SELECT r.id, r.voucher_id, v.code, r.program_id, p.funder_id, r.booking_id, r.structure_id, r.idempotency_key,
       r.face_value_cents, r.redeemed_at, r.undone_at, v.status AS voucher_status
  FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id JOIN voucher_programs p ON p.id = r.program_id`;

/** Which unique index a redemption insert ran into. */
export type RedemptionConflict = 'voucher' | 'booking' | 'idempotency_key';

const CONFLICT_OF_CONSTRAINT: Record<string, RedemptionConflict> = {
  voucher_redemptions_voucher_key: 'voucher',
  voucher_redemptions_booking_key: 'booking',
  voucher_redemptions_idempotency_key: 'idempotency_key',
};

export class RedemptionConflictError extends Error {
  constructor(readonly conflict: RedemptionConflict) {
    super(`redemption conflict on ${conflict}`);
  }
}

@Injectable()
export class RedemptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByIdempotencyKey(structureId: string, key: string): Promise<RedemptionRecord | null> {
    const rows: RedemptionRow[] = await this.dataSource.query(`${SELECT_REDEMPTION} WHERE r.structure_id = $1 AND r.idempotency_key = $2`, [
      structureId,
      key,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Locks the redemption and its voucher FOR UPDATE, once no invoicing of its program is in progress. */
  async lockById(id: string, manager: EntityManager): Promise<RedemptionRecord | null> {
    if (!(await holdRedemptionProgramAgainstInvoicing(manager, id))) return null;
    const rows: RedemptionRow[] = await manager.query(`${SELECT_REDEMPTION} WHERE r.id = $1 FOR UPDATE OF r, v`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Live redemptions of this program for this person; the caller holds the person's lock. */
  async countForBeneficiary(programId: string, beneficiaryKey: string, manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`voucher-beneficiary:${programId}:${beneficiaryKey}`]);
    const rows: { count: number }[] = await manager.query(
      'SELECT count(*)::int AS count FROM voucher_redemptions WHERE program_id = $1 AND beneficiary_key = $2 AND undone_at IS NULL',
      [programId, beneficiaryKey],
    );
    return rows[0]!.count;
  }

  /**
   * One statement: the voucher goes issued|assigned → redeemed and its redemption row is written.
   * Null when the voucher was no longer redeemable (another request got there first); throws
   * RedemptionConflictError when a unique index (voucher, booking, idempotency key) refuses the row.
   */
  async redeem(redemption: NewRedemption, code: string, manager: EntityManager): Promise<RedemptionRecord | null> {
    try {
      const rows: { id: string; redeemed_at: Date }[] = await manager.query(
        `WITH redeemed AS (
           UPDATE vouchers SET status = 'redeemed', updated_at = now()
            WHERE id = $1 AND status IN ('issued', 'assigned') RETURNING id)
         INSERT INTO voucher_redemptions (voucher_id, program_id, booking_id, structure_id, procedure_code, departement,
           beneficiary_key, face_value_cents, idempotency_key, redeemed_by)
         SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM redeemed
         RETURNING id, redeemed_at`,
        [
          redemption.voucherId,
          redemption.programId,
          redemption.bookingId,
          redemption.structureId,
          redemption.procedureCode,
          redemption.departement,
          redemption.beneficiaryKey,
          redemption.faceValueCents,
          redemption.idempotencyKey,
          redemption.redeemedBy,
        ],
      );
      if (rows.length === 0) return null;
      const { id, redeemed_at: redeemedAt } = rows[0]!;
      return { ...redemption, id, code, redeemedAt, undoneAt: null, voucherStatus: 'redeemed' };
    } catch (error) {
      const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      const conflict = driverError?.code === '23505' ? CONFLICT_OF_CONSTRAINT[driverError.constraint ?? ''] : undefined;
      if (conflict) throw new RedemptionConflictError(conflict);
      throw error;
    }
  }

  /** Undoes the redemption; the voucher goes back to 'assigned' if it was handed out, else 'issued'. */
  async undo(redemptionId: string, voucherId: string, undoneBy: string, manager: EntityManager): Promise<Date> {
    const rows: { undone_at: Date }[] = await manager.query(
      `WITH undone AS (UPDATE voucher_redemptions SET undone_at = now(), undone_by = $2 WHERE id = $1 RETURNING undone_at)
       SELECT undone_at FROM undone`,
      [redemptionId, undoneBy],
    );
    await manager.query(
      `UPDATE vouchers SET updated_at = now(),
              status = CASE WHEN EXISTS (SELECT 1 FROM voucher_assignments a WHERE a.voucher_id = $1) THEN 'assigned' ELSE 'issued' END
        WHERE id = $1`,
      [voucherId],
    );
    return rows[0]!.undone_at;
  }
}

function toRecord(row: RedemptionRow): RedemptionRecord {
  return {
    id: row.id,
    voucherId: row.voucher_id,
    code: row.code,
    programId: row.program_id,
    funderId: row.funder_id,
    bookingId: row.booking_id,
    structureId: row.structure_id,
    idempotencyKey: row.idempotency_key,
    faceValueCents: toSafeInteger(row.face_value_cents),
    redeemedAt: row.redeemed_at,
    undoneAt: row.undone_at,
    voucherStatus: row.voucher_status,
  };
}
