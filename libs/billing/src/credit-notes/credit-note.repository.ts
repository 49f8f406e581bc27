import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import type { InvoiceStatus } from '../invoices/invoice.types';
import type { CreditedLine } from './credit-note-lines';

export interface LockedInvoice {
  typeCode: 380 | 381;
  status: InvoiceStatus;
  funderId: string;
  programId: string | null;
  amountPaidCents: number;
  /** Total less its credit notes: what the funder owes on it before payments. */
  owedCents: number;
  stripePaymentIntentId: string | null;
}

@Injectable()
export class CreditNoteRepository {
  /** Locks the invoice until the transaction ends: concurrent credit notes of one invoice wait in line. */
  async lockInvoice(manager: EntityManager, invoiceId: string): Promise<LockedInvoice | null> {
    const [row]: {
      type_code: 380 | 381;
      status: InvoiceStatus;
      funder_id: string;
      program_id: string | null;
      amount_paid_cents: string;
      owed_cents: string;
      stripe_payment_intent_id: string | null;
    }[] = await manager.query(
        `SELECT type_code, status, funder_id, program_id, amount_paid_cents::text, (total_gross_cents - credited_gross_cents)::text AS owed_cents,
                stripe_payment_intent_id
           FROM invoices WHERE id = $1 FOR UPDATE`,
        [invoiceId],
      );
    if (!row) return null;
    return {
      typeCode: row.type_code,
      status: row.status,
      funderId: row.funder_id,
      programId: row.program_id,
      amountPaidCents: toSafeInteger(row.amount_paid_cents),
      owedCents: toSafeInteger(row.owed_cents),
      stripePaymentIntentId: row.stripe_payment_intent_id,
    };
  }

  /** What the invoice's credit notes took from each of its lines, by the line's position. */
  async creditedLines(manager: EntityManager, invoiceId: string): Promise<Map<number, CreditedLine>> {
    const rows: { position: number; quantity: string; net: string }[] = await manager.query(
      `SELECT l.corrects_position AS position, sum(l.quantity)::text AS quantity, sum(l.net_cents)::text AS net
         FROM invoice_lines l JOIN invoices c ON c.id = l.invoice_id
        WHERE c.corrects_invoice_id = $1 GROUP BY l.corrects_position`,
      [invoiceId],
    );
    return new Map(rows.map((row) => [row.position, { quantity: toSafeInteger(row.quantity), netCents: toSafeInteger(row.net) }]));
  }

  /** Whether the invoice's payouts are planned (it was paid); the caller holds the invoice's lock, under which they are planned. */
  async hasPayoutLines(manager: EntityManager, invoiceId: string): Promise<boolean> {
    const [row]: { planned: boolean }[] = await manager.query('SELECT EXISTS (SELECT 1 FROM payout_lines WHERE invoice_id = $1) AS planned', [invoiceId]);
    return row!.planned;
  }

  async creditedVoucherIds(manager: EntityManager, invoiceId: string): Promise<Set<string>> {
    const rows: { voucher_id: string }[] = await manager.query('SELECT voucher_id FROM credit_note_vouchers WHERE invoice_id = $1', [invoiceId]);
    return new Set(rows.map((row) => row.voucher_id));
  }

  /** Names the vouchers the credit note credited; the primary key refuses a voucher credited twice on one invoice. */
  async recordVouchers(manager: EntityManager, invoiceId: string, creditNoteId: string, vouchers: { position: number; voucherIds: string[] }[]): Promise<void> {
    const pairs = vouchers.flatMap((v) => v.voucherIds.map((id) => [id, v.position] as const));
    if (pairs.length === 0) return;
    await manager.query(
      `INSERT INTO credit_note_vouchers (invoice_id, credit_note_id, voucher_id, line_position)
       SELECT $1, $2, * FROM unnest($3::uuid[], $4::smallint[])`,
      [invoiceId, creditNoteId, pairs.map(([id]) => id), pairs.map(([, position]) => position)],
    );
  }

  /** The invoice's status once the database applied the credit note to it. */
  async statusOf(manager: EntityManager, invoiceId: string): Promise<InvoiceStatus> {
    const [row]: { status: InvoiceStatus }[] = await manager.query('SELECT status FROM invoices WHERE id = $1', [invoiceId]);
    return row!.status;
  }
}
