import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toSafeInteger } from '@passerelle/database';
import type { InvoiceStatus } from '../invoices/invoice.types';

/** One of the structure's lines on an invoice, with the invoice it is on. */
export interface EarnedLine {
  invoiceId: string;
  number: string;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  invoiceStatus: InvoiceStatus;
  procedureCode: string | null;
  quantity: number;
  unitPriceCents: number;
  netCents: number;
}

/**
 * Reads what a structure earned on invoices (its lines), newest invoice first; the lines of the
 * invoice's credit notes follow its own, negated, under the invoice they correct.
 */
@Injectable()
export class StatementRepository {
  async earnedLines(manager: EntityManager, structureId: string): Promise<EarnedLine[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT i.id, i.number, to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(i.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(i.period_end, 'YYYY-MM-DD') AS period_end, i.status, l.procedure_code, l.unit_price_cents,
              CASE d.type_code WHEN 381 THEN -l.quantity ELSE l.quantity END AS quantity,
              CASE d.type_code WHEN 381 THEN -l.net_cents ELSE l.net_cents END AS net_cents
         FROM invoice_lines l JOIN invoices d ON d.id = l.invoice_id JOIN invoices i ON i.id = coalesce(d.corrects_invoice_id, d.id)
        WHERE l.structure_id = $1 AND i.type_code = 380
        ORDER BY i.issue_date DESC, i.number DESC, d.type_code, d.number, l.position`,
      [structureId],
    );
    return rows.map((row) => ({
      invoiceId: row.id as string,
      number: row.number as string,
      issueDate: row.issue_date as string,
      periodStart: row.period_start as string,
      periodEnd: row.period_end as string,
      invoiceStatus: row.status as InvoiceStatus,
      procedureCode: (row.procedure_code as string | null) ?? null,
      quantity: row.quantity as number,
      unitPriceCents: toSafeInteger(row.unit_price_cents as string),
      netCents: toSafeInteger(row.net_cents as string),
    }));
  }
}
