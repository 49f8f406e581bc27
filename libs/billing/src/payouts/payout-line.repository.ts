import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toSafeInteger } from '@passerelle/database';

/** Why a structure's share is not transferred yet. */
export type PayoutPendingReason = 'awaiting_transfer' | 'payout_account_not_ready' | 'bank_transfer';

export interface PayoutLine {
  id: string;
  invoiceId: string;
  structureId: string;
  amountCents: number;
  /** Transferred through Stripe, or paid by the operator's own bank transfer (recorded by an admin). */
  status: PayoutLineStatus;
  pendingReason: PayoutPendingReason | null;
  stripeTransferId: string | null;
  transferredAt: Date | null;
  /** For a line paid by bank: the transfer's reference and the day it was sent (Europe/Paris). */
  bankReference: string | null;
  paidOn: string | null;
}

export const PAYOUT_LINE_STATUSES = ['pending', 'transferred', 'paid_by_bank'] as const;
export type PayoutLineStatus = (typeof PAYOUT_LINE_STATUSES)[number];

/** The columns toLine reads, of the table aliased `t` (or unaliased). */
const columnsOf = (t = '') =>
  `${t}id, ${t}invoice_id, ${t}structure_id, ${t}amount_cents, ${t}status, ${t}pending_reason, ${t}stripe_transfer_id, ${t}transferred_at,
   ${t}bank_reference, to_char(${t}paid_on, 'YYYY-MM-DD') AS paid_on`;
const COLUMNS = columnsOf();

function toLine(row: Record<string, unknown>): PayoutLine {
  return {
    id: row.id as string,
    invoiceId: row.invoice_id as string,
    structureId: row.structure_id as string,
    amountCents: toSafeInteger(row.amount_cents as string),
    status: row.status as PayoutLine['status'],
    pendingReason: (row.pending_reason as PayoutPendingReason | null) ?? null,
    stripeTransferId: (row.stripe_transfer_id as string | null) ?? null,
    transferredAt: (row.transferred_at as Date | null) ?? null,
    bankReference: (row.bank_reference as string | null) ?? null,
    paidOn: (row.paid_on as string | null) ?? null,
  };
}

/** A line as the admins' listing shows it: with the invoice number and the structure's name. */
export interface PayoutLineListing extends PayoutLine {
  invoiceNumber: string;
  structureName: string;
  createdAt: Date;
}

@Injectable()
export class PayoutLineRepository {
  /** Each structure's share of the invoice: the sum of its lines (the operator fee line has no structure) less what credit notes took back. */
  async sharesOf(manager: EntityManager, invoiceId: string): Promise<{ structureId: string; amountCents: number }[]> {
    const rows: { structure_id: string; amount: string }[] = await manager.query(
      `SELECT structure_id, amount::text FROM (
         SELECT l.structure_id, sum(CASE i.type_code WHEN 380 THEN l.net_cents ELSE -l.net_cents END) AS amount
           FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
          WHERE (i.id = $1 OR i.corrects_invoice_id = $1) AND l.structure_id IS NOT NULL
          GROUP BY l.structure_id) AS share
        WHERE amount > 0 ORDER BY structure_id`,
      [invoiceId],
    );
    return rows.map((row) => ({ structureId: row.structure_id, amountCents: toSafeInteger(row.amount) }));
  }

  /** Inserts the lines not there yet (one per invoice and structure); returns those inserted. */
  async insertMissing(
    manager: EntityManager,
    invoiceId: string,
    lines: { structureId: string; amountCents: number; reason: PayoutPendingReason }[],
  ): Promise<PayoutLine[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `INSERT INTO payout_lines (invoice_id, structure_id, amount_cents, pending_reason)
       SELECT $1, * FROM unnest($2::uuid[], $3::bigint[], $4::text[])
       ON CONFLICT (invoice_id, structure_id) DO NOTHING RETURNING ${COLUMNS}`,
      [invoiceId, lines.map((l) => l.structureId), lines.map((l) => String(l.amountCents)), lines.map((l) => l.reason)],
    );
    return rows.map(toLine);
  }

  /** The line, locked until the caller's transaction ends (one transfer attempt at a time). */
  async lock(manager: EntityManager, id: string): Promise<PayoutLine | null> {
    const [row]: Record<string, unknown>[] = await manager.query(`SELECT ${COLUMNS} FROM payout_lines WHERE id = $1 FOR UPDATE`, [id]);
    return row ? toLine(row) : null;
  }

  async setPendingReason(manager: EntityManager, id: string, reason: PayoutPendingReason): Promise<void> {
    await manager.query(`UPDATE payout_lines SET pending_reason = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [id, reason]);
  }

  async markTransferred(
    manager: EntityManager,
    id: string,
    transfer: { stripeTransferId: string; sourceChargeId: string; stripeAccountId: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE payout_lines SET status = 'transferred', pending_reason = NULL, stripe_transfer_id = $2, source_charge_id = $3,
         stripe_account_id = $4, transferred_at = $5, updated_at = now()
       WHERE id = $1 AND status = 'pending'`,
      [id, transfer.stripeTransferId, transfer.sourceChargeId, transfer.stripeAccountId, transfer.at],
    );
  }

  /** Records the operator's bank transfer of a pending line (the caller holds its lock). */
  async markPaidByBank(manager: EntityManager, id: string, payment: { reference: string; paidOn: string; paidBy: string }): Promise<void> {
    await manager.query(
      `UPDATE payout_lines SET status = 'paid_by_bank', pending_reason = NULL, bank_reference = $2, paid_on = $3, paid_by = $4, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, payment.reference, payment.paidOn, payment.paidBy],
    );
  }

  /** A page of the lines in this status, oldest first (the ones waiting longest); one more than asked tells whether a next page exists. */
  async page(manager: EntityManager, status: PayoutLineStatus, offset: number, limit: number): Promise<PayoutLineListing[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${columnsOf('pl.')}, i.number AS invoice_number,
              s.name AS structure_name, pl.created_at
         FROM payout_lines pl JOIN invoices i ON i.id = pl.invoice_id JOIN structures s ON s.id = pl.structure_id
        WHERE pl.status = $1 ORDER BY pl.created_at, pl.id OFFSET $2 LIMIT $3`,
      [status, offset, limit],
    );
    return rows.map((row) => ({
      ...toLine(row),
      invoiceNumber: row.invoice_number as string,
      structureName: row.structure_name as string,
      createdAt: row.created_at as Date,
    }));
  }

  /** The structure's lines waiting for its payout account, now to be transferred; returns their ids. */
  async releaseWaitingForAccount(manager: EntityManager, structureId: string): Promise<string[]> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE payout_lines SET pending_reason = 'awaiting_transfer', updated_at = now()
        WHERE structure_id = $1 AND status = 'pending' AND pending_reason = 'payout_account_not_ready' RETURNING id`,
      [structureId],
    );
    return rows.map((row) => row.id);
  }

  async listOfStructure(manager: EntityManager, structureId: string): Promise<PayoutLine[]> {
    const rows: Record<string, unknown>[] = await manager.query(`SELECT ${COLUMNS} FROM payout_lines WHERE structure_id = $1`, [structureId]);
    return rows.map(toLine);
  }
}
