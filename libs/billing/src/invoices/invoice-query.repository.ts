import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InvoiceStatus } from './invoice.types';

export interface InvoiceSummaryView {
  id: string;
  number: string;
  typeCode: number;
  /** A credit note's corrected invoice. */
  correctsInvoiceId: string | null;
  funderId: string;
  programId: string | null;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  status: InvoiceStatus;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  /** Gross amount of the credit notes issued on it (0 for a credit note). */
  creditedGrossCents: number;
  amountPaidCents: number;
}

export interface InvoiceView extends InvoiceSummaryView {
  seller: Record<string, unknown>;
  buyer: Record<string, unknown>;
  paymentTerms: string;
  latePenaltyTerms: string;
  lines: { position: number; description: string; structureId: string | null; procedureCode: string | null; quantity: number; unitPriceCents: number; netCents: number; vatCategory: string; vatRateBp: number }[];
  vatBreakdown: { category: string; rateBp: number; taxableCents: number; vatCents: number; exemptionReason: string | null }[];
}

const SUMMARY = `SELECT id, number, type_code, corrects_invoice_id, funder_id, program_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
  to_char(period_end, 'YYYY-MM-DD') AS period_end, to_char(issue_date, 'YYYY-MM-DD') AS issue_date, to_char(due_date, 'YYYY-MM-DD') AS due_date,
  status, total_net_cents, total_vat_cents, total_gross_cents, credited_gross_cents, amount_paid_cents, seller, buyer, payment_terms, late_penalty_terms FROM invoices`;

/** Reads invoices for the API (funder-scoped when `funderIds` is given). */
@Injectable()
export class InvoiceQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(funderIds: string[] | null): Promise<InvoiceSummaryView[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${SUMMARY} WHERE $1::uuid[] IS NULL OR funder_id = ANY($1::uuid[]) ORDER BY issue_date DESC, number DESC LIMIT 500`,
      [funderIds],
    );
    return rows.map(toSummary);
  }

  async find(id: string, funderIds: string[] | null): Promise<InvoiceView | null> {
    const [row]: Record<string, unknown>[] = await this.dataSource.query(`${SUMMARY} WHERE id = $1 AND ($2::uuid[] IS NULL OR funder_id = ANY($2::uuid[]))`, [
      id,
      funderIds,
    ]);
    if (!row) return null;
    const lines: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT position, description, structure_id, procedure_code, quantity, unit_price_cents, net_cents, vat_category, vat_rate_bp
         FROM invoice_lines WHERE invoice_id = $1 ORDER BY position`,
      [id],
    );
    const breakdown: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT vat_category, vat_rate_bp, taxable_cents, vat_cents, exemption_reason FROM invoice_vat_breakdown WHERE invoice_id = $1 ORDER BY vat_category, vat_rate_bp`,
      [id],
    );
    return {
      ...toSummary(row),
      seller: row.seller as Record<string, unknown>,
      buyer: row.buyer as Record<string, unknown>,
      paymentTerms: row.payment_terms as string,
      latePenaltyTerms: row.late_penalty_terms as string,
      lines: lines.map((l) => ({
        position: l.position as number,
        description: l.description as string,
        structureId: (l.structure_id as string | null) ?? null,
        procedureCode: (l.procedure_code as string | null) ?? null,
        quantity: l.quantity as number,
        unitPriceCents: Number(l.unit_price_cents),
        netCents: Number(l.net_cents),
        vatCategory: l.vat_category as string,
        vatRateBp: l.vat_rate_bp as number,
      })),
      vatBreakdown: breakdown.map((b) => ({
        category: b.vat_category as string,
        rateBp: b.vat_rate_bp as number,
        taxableCents: Number(b.taxable_cents),
        vatCents: Number(b.vat_cents),
        exemptionReason: (b.exemption_reason as string | null) ?? null,
      })),
    };
  }
}

function toSummary(row: Record<string, unknown>): InvoiceSummaryView {
  return {
    id: row.id as string,
    number: row.number as string,
    typeCode: row.type_code as number,
    correctsInvoiceId: (row.corrects_invoice_id as string | null) ?? null,
    funderId: row.funder_id as string,
    programId: (row.program_id as string | null) ?? null,
    periodStart: row.period_start as string,
    periodEnd: row.period_end as string,
    issueDate: row.issue_date as string,
    dueDate: row.due_date as string,
    status: row.status as InvoiceStatus,
    totalNetCents: Number(row.total_net_cents),
    totalVatCents: Number(row.total_vat_cents),
    totalGrossCents: Number(row.total_gross_cents),
    creditedGrossCents: Number(row.credited_gross_cents),
    amountPaidCents: Number(row.amount_paid_cents),
  };
}
