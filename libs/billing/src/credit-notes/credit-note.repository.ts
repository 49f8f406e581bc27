import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import type { InvoiceStatus } from '../invoices/invoice.types';

export interface LockedInvoice {
  typeCode: 380 | 381;
  status: InvoiceStatus;
  funderId: string;
  programId: string | null;
  amountPaidCents: number;
}

@Injectable()
export class CreditNoteRepository {
  /** Locks the invoice until the transaction ends: concurrent credit notes of one invoice wait in line. */
  async lockInvoice(manager: EntityManager, invoiceId: string): Promise<LockedInvoice | null> {
    const [row]: { type_code: 380 | 381; status: InvoiceStatus; funder_id: string; program_id: string | null; amount_paid_cents: string }[] =
      await manager.query('SELECT type_code, status, funder_id, program_id, amount_paid_cents::text FROM invoices WHERE id = $1 FOR UPDATE', [invoiceId]);
    if (!row) return null;
    return {
      typeCode: row.type_code,
      status: row.status,
      funderId: row.funder_id,
      programId: row.program_id,
      amountPaidCents: toSafeInteger(row.amount_paid_cents),
    };
  }

  async markCredited(manager: EntityManager, invoiceId: string): Promise<void> {
    await manager.query(`UPDATE invoices SET status = 'credited', updated_at = now() WHERE id = $1`, [invoiceId]);
  }
}
