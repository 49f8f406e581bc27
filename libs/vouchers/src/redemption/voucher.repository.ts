import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { PROGRAM_COLUMNS, toProgramRecord, type ProgramRecord, type ProgramRow } from '../programs/program.repository';

export type VoucherStatus = 'issued' | 'assigned' | 'redeemed' | 'invoiced' | 'paid' | 'expired' | 'cancelled';

export interface VoucherWithProgram {
  id: string;
  code: string;
  status: VoucherStatus;
  faceValueCents: number;
  program: ProgramRecord;
  assignment: { beneficiaryUserId: string | null; beneficiaryPhone: string | null } | null;
}

interface VoucherRow extends ProgramRow {
  voucher_id: string;
  code: string;
  voucher_status: VoucherStatus;
  voucher_face_value_cents: string;
  assigned: boolean;
  beneficiary_user_id: string | null;
  beneficiary_phone: string | null;
}

export interface NewAssignment {
  voucherId: string;
  assignedBy: string;
  beneficiaryUserId: string | null;
  beneficiaryName: string | null;
  beneficiaryPhone: string | null;
}

/** Vouchers with their program and assignment, and the state changes that do not touch redemptions. */
@Injectable()
export class VoucherRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByCode(code: string, manager?: EntityManager): Promise<VoucherWithProgram | null> {
    const rows: VoucherRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT v.id AS voucher_id, v.code, v.status AS voucher_status, v.face_value_cents AS voucher_face_value_cents,
              a.voucher_id IS NOT NULL AS assigned, a.beneficiary_user_id, a.beneficiary_phone, ${PROGRAM_COLUMNS}
         FROM vouchers v
         JOIN voucher_programs p ON p.id = v.program_id
         LEFT JOIN voucher_assignments a ON a.voucher_id = v.id
        WHERE v.code = $1`,
      [code],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.voucher_id,
      code: row.code,
      status: row.voucher_status,
      faceValueCents: toSafeInteger(row.voucher_face_value_cents),
      program: toProgramRecord(row),
      assignment: row.assigned ? { beneficiaryUserId: row.beneficiary_user_id, beneficiaryPhone: row.beneficiary_phone } : null,
    };
  }

  /** issued → assigned, only from 'issued' (a concurrent assignment or redemption wins). */
  async assign(assignment: NewAssignment, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH assigned AS (UPDATE vouchers SET status = 'assigned', updated_at = now() WHERE id = $1 AND status = 'issued' RETURNING id)
       SELECT id FROM assigned`,
      [assignment.voucherId],
    );
    if (rows.length === 0) return false;
    await manager.query(
      `INSERT INTO voucher_assignments (voucher_id, assigned_by, beneficiary_user_id, beneficiary_name, beneficiary_phone)
       VALUES ($1, $2, $3, $4, $5)`,
      [assignment.voucherId, assignment.assignedBy, assignment.beneficiaryUserId, assignment.beneficiaryName, assignment.beneficiaryPhone],
    );
    return true;
  }

  /**
   * issued|assigned → cancelled, and its face value goes back to the program's budget, in the
   * caller's transaction. False when the voucher was no longer cancellable.
   */
  async cancel(voucherId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH cancelled AS (
         UPDATE vouchers SET status = 'cancelled', updated_at = now()
          WHERE id = $1 AND status IN ('issued', 'assigned') RETURNING program_id, face_value_cents),
       released AS (
         UPDATE voucher_programs p SET issued_cents = p.issued_cents - c.face_value_cents, updated_at = now()
           FROM cancelled c WHERE p.id = c.program_id RETURNING p.id)
       SELECT id FROM released`,
      [voucherId],
    );
    return rows.length === 1;
  }

  async statusOf(voucherId: string): Promise<VoucherStatus> {
    const rows: { status: VoucherStatus }[] = await this.dataSource.query('SELECT status FROM vouchers WHERE id = $1', [voucherId]);
    return rows[0]!.status;
  }

  /** What a prescriber handed out (or one of those vouchers), newest first, and whether each was used. */
  async assignedBy(userId: string, voucherId?: string): Promise<AssignedVoucherRow[]> {
    return this.dataSource.query(
      `SELECT v.code, v.status, v.program_id, p.name AS program_name, v.face_value_cents, a.beneficiary_user_id,
              a.beneficiary_name, a.beneficiary_phone, a.assigned_at, r.redeemed_at
         FROM voucher_assignments a
         JOIN vouchers v ON v.id = a.voucher_id
         JOIN voucher_programs p ON p.id = v.program_id
         LEFT JOIN voucher_redemptions r ON r.voucher_id = v.id AND r.undone_at IS NULL
        WHERE a.assigned_by = $1 AND ($2::uuid IS NULL OR v.id = $2)
        ORDER BY a.assigned_at DESC
        LIMIT 1000`,
      [userId, voucherId ?? null],
    );
  }
}

export interface AssignedVoucherRow {
  code: string;
  status: VoucherStatus;
  program_id: string;
  program_name: string;
  face_value_cents: string;
  beneficiary_user_id: string | null;
  beneficiary_name: string | null;
  beneficiary_phone: string | null;
  assigned_at: Date;
  redeemed_at: Date | null;
}
