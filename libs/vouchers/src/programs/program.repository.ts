import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';

export type ProgramStatus = 'active' | 'paused';

export interface ProgramRecord {
  id: string;
  funderId: string;
  name: string;
  faceValueCents: number;
  budgetCents: number;
  issuedCents: number;
  validFrom: string;
  validUntil: string;
  graceDays: number;
  redeemableFrom: Date;
  redeemableUntil: Date;
  eligibleProcedures: string[];
  eligibleCategories: string[];
  eligibleDepartements: string[];
  requiredCredentials: string[];
  operatorFeeBp: number;
  perBeneficiaryLimit: number | null;
  status: ProgramStatus;
  createdAt: Date;
}

export interface NewProgramRecord {
  funderId: string;
  name: string;
  faceValueCents: number;
  budgetCents: number;
  validFrom: string;
  validUntil: string;
  graceDays: number;
  eligibleProcedures: string[];
  eligibleCategories: string[];
  eligibleDepartements: string[];
  requiredCredentials: string[];
  operatorFeeBp: number;
  perBeneficiaryLimit: number | null;
  createdBy: string;
}

export const PROGRAM_COLUMNS = `p.id, p.funder_id, p.name, p.face_value_cents, p.budget_cents, p.issued_cents,
  to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
  p.grace_days, p.redeemable_from, p.redeemable_until, p.eligible_procedures, p.eligible_categories,
  p.eligible_departements, p.required_credentials, p.operator_rate_bp, p.per_beneficiary_limit, p.status, p.created_at`;

/** A row selected with PROGRAM_COLUMNS. */
export interface ProgramRow {
  id: string;
  funder_id: string;
  name: string;
  face_value_cents: string;
  budget_cents: string;
  issued_cents: string;
  valid_from: string;
  valid_until: string;
  grace_days: number;
  redeemable_from: Date;
  redeemable_until: Date;
  eligible_procedures: string[];
  eligible_categories: string[];
  eligible_departements: string[];
  required_credentials: string[];
  operator_rate_bp: number;
  per_beneficiary_limit: number | null;
  status: ProgramStatus;
  created_at: Date;
}

export function toProgramRecord(row: ProgramRow): ProgramRecord {
  return {
    id: row.id,
    funderId: row.funder_id,
    name: row.name,
    faceValueCents: toSafeInteger(row.face_value_cents),
    budgetCents: toSafeInteger(row.budget_cents),
    issuedCents: toSafeInteger(row.issued_cents),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    graceDays: row.grace_days,
    redeemableFrom: row.redeemable_from,
    redeemableUntil: row.redeemable_until,
    eligibleProcedures: row.eligible_procedures,
    eligibleCategories: row.eligible_categories,
    eligibleDepartements: row.eligible_departements,
    requiredCredentials: row.required_credentials,
    operatorFeeBp: row.operator_rate_bp,
    perBeneficiaryLimit: row.per_beneficiary_limit,
    status: row.status,
    createdAt: row.created_at,
  };
}

/** UPDATE statements are wrapped in a CTE + SELECT: TypeORM returns [rows, count] for a bare UPDATE. */
@Injectable()
export class ProgramRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Validity days are Europe/Paris days: redeemable from the first one's midnight to the end of the grace period. */
  async insert(program: NewProgramRecord, manager: EntityManager): Promise<ProgramRecord> {
    const rows: ProgramRow[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO voucher_programs (funder_id, name, face_value_cents, budget_cents, valid_from, valid_until, grace_days,
           redeemable_from, redeemable_until, eligible_procedures, eligible_categories, eligible_departements,
           required_credentials, operator_rate_bp, per_beneficiary_limit, created_by)
         VALUES ($1, $2, $3, $4, $5::date, $6::date, $7,
           ($5::date)::timestamp AT TIME ZONE 'Europe/Paris',
           ($6::date + $7::integer + 1)::timestamp AT TIME ZONE 'Europe/Paris',
           $8, $9, $10, $11, $12, $13, $14)
         RETURNING *)
       SELECT ${PROGRAM_COLUMNS} FROM inserted p`,
      [
        program.funderId,
        program.name,
        program.faceValueCents,
        program.budgetCents,
        program.validFrom,
        program.validUntil,
        program.graceDays,
        program.eligibleProcedures,
        program.eligibleCategories,
        program.eligibleDepartements,
        program.requiredCredentials,
        program.operatorFeeBp,
        program.perBeneficiaryLimit,
        program.createdBy,
      ],
    );
    return toProgramRecord(rows[0]!);
  }

  async findById(id: string, manager?: EntityManager): Promise<ProgramRecord | null> {
    const rows: ProgramRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${PROGRAM_COLUMNS} FROM voucher_programs p WHERE p.id = $1`,
      [id],
    );
    return rows[0] ? toProgramRecord(rows[0]) : null;
  }

  async listForFunders(funderIds: string[]): Promise<ProgramRecord[]> {
    const rows: ProgramRow[] = await this.dataSource.query(
      `SELECT ${PROGRAM_COLUMNS} FROM voucher_programs p WHERE p.funder_id = ANY($1::uuid[]) ORDER BY p.created_at DESC`,
      [funderIds],
    );
    return rows.map(toProgramRecord);
  }

  async setStatus(id: string, status: ProgramStatus, manager: EntityManager): Promise<ProgramRecord | null> {
    const rows: ProgramRow[] = await manager.query(
      `WITH updated AS (UPDATE voucher_programs SET status = $2, updated_at = now() WHERE id = $1 RETURNING *)
       SELECT ${PROGRAM_COLUMNS} FROM updated p`,
      [id, status],
    );
    return rows[0] ? toProgramRecord(rows[0]) : null;
  }

  /**
   * Reserves the face value of `count` vouchers on the budget: one conditional UPDATE, so concurrent
   * batches queue on the program's row lock and each re-checks the budget left by the previous one.
   * False when the program is paused or the budget would be exceeded.
   */
  async reserveBudget(programId: string, count: number, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH reserved AS (
         UPDATE voucher_programs SET issued_cents = issued_cents + face_value_cents * $2, updated_at = now()
          WHERE id = $1 AND status = 'active' AND issued_cents + face_value_cents * $2 <= budget_cents
          RETURNING id)
       SELECT id FROM reserved`,
      [programId, count],
    );
    return rows.length === 1;
  }
}
