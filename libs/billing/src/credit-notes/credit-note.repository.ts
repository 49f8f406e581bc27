import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import type { InvoiceLineInput } from '../invoices/invoice-totals';
import type { InvoiceParty, InvoiceStatus } from '../invoices/invoice.types';

export interface InvoiceToCredit {
  typeCode: 380 | 381;
  status: InvoiceStatus;
  number: string;
  funderId: string;
  programId: string | null;
  periodStart: string;
  periodEnd: string;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  buyerIsPublic: boolean;
  buyerServiceCode: string | null;
  buyerCommitmentNumber: string | null;
  latePenaltyTerms: string;
  totalGrossCents: number;
  amountPaidCents: number;
}

@Injectable()
export class CreditNoteRepository {
  /** Locks the invoice until the transaction ends: concurrent credit notes of one invoice wait in line. */
  async lockInvoice(manager: EntityManager, invoiceId: string): Promise<InvoiceToCredit | null> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT type_code, status, number, funder_id, program_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
         to_char(period_end, 'YYYY-MM-DD') AS period_end, seller, buyer, buyer_is_public, buyer_service_code, buyer_commitment_number,
         late_penalty_terms, total_gross_cents::text, amount_paid_cents::text
         FROM invoices WHERE id = $1 FOR UPDATE`,
      [invoiceId],
    );
    if (!row) return null;
    return {
      typeCode: row.type_code as 380 | 381,
      status: row.status as InvoiceStatus,
      number: row.number as string,
      funderId: row.funder_id as string,
      programId: (row.program_id as string | null) ?? null,
      periodStart: row.period_start as string,
      periodEnd: row.period_end as string,
      seller: row.seller as InvoiceParty,
      buyer: row.buyer as InvoiceParty,
      buyerIsPublic: row.buyer_is_public as boolean,
      buyerServiceCode: (row.buyer_service_code as string | null) ?? null,
      buyerCommitmentNumber: (row.buyer_commitment_number as string | null) ?? null,
      latePenaltyTerms: row.late_penalty_terms as string,
      totalGrossCents: toSafeInteger(row.total_gross_cents as string),
      amountPaidCents: toSafeInteger(row.amount_paid_cents as string),
    };
  }

  /** The invoice's lines as they were issued, with the VAT treatment (and exemption wording) of each. */
  async linesOf(manager: EntityManager, invoiceId: string): Promise<InvoiceLineInput[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT l.description, l.quantity, l.unit_price_cents::text, l.vat_category, l.vat_rate_bp, l.structure_id, l.procedure_code,
              b.exemption_reason, b.exemption_code
         FROM invoice_lines l
         JOIN invoice_vat_breakdown b ON b.invoice_id = l.invoice_id AND b.vat_category = l.vat_category AND b.vat_rate_bp = l.vat_rate_bp
        WHERE l.invoice_id = $1 ORDER BY l.position`,
      [invoiceId],
    );
    return rows.map((r) => ({
      description: r.description as string,
      quantity: r.quantity as number,
      unitPriceCents: toSafeInteger(r.unit_price_cents as string),
      vat:
        r.vat_category === 'S'
          ? { category: 'S', rateBp: r.vat_rate_bp as number }
          : {
              category: r.vat_category as 'E' | 'O',
              exemptionReason: r.exemption_reason as string,
              ...(r.exemption_code ? { exemptionCode: r.exemption_code as string } : {}),
            },
      ...(r.structure_id ? { structureId: r.structure_id as string } : {}),
      ...(r.procedure_code ? { procedureCode: r.procedure_code as string } : {}),
    }));
  }

  async markCredited(manager: EntityManager, invoiceId: string): Promise<void> {
    await manager.query(`UPDATE invoices SET status = 'credited', updated_at = now() WHERE id = $1`, [invoiceId]);
  }
}
