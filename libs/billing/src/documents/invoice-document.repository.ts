import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { VatBreakdown } from '../invoices/invoice-totals';
import type { InvoiceParty } from '../invoices/invoice.types';
import type { DocumentLine, InvoiceDocument } from './invoice-document';

/** What is stored about an invoice's document; the payment account is decided by the service. */
export type StoredInvoiceDocument = Omit<InvoiceDocument, 'payment' | 'paymentReference'> & {
  paymentIban: string | null;
  paymentReference: string | null;
};

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** Reads an issued invoice with its lines and VAT breakdown in one query (funder-scoped when `funderIds` is given). */
@Injectable()
export class InvoiceDocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, funderIds: string[] | null, manager: EntityManager = this.dataSource.manager): Promise<StoredInvoiceDocument | null> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT i.id, i.number, i.type_code, ${day('i.issue_date')} AS issue_date, ${day('i.due_date')} AS due_date,
         ${day('i.period_start')} AS period_start, ${day('i.period_end')} AS period_end, i.seller, i.buyer, i.buyer_is_public,
         i.buyer_service_code, i.buyer_commitment_number, i.credit_reason, i.payment_terms, i.late_penalty_terms,
         i.recovery_indemnity_cents::text, i.payment_iban, i.payment_reference, i.total_net_cents::text, i.total_vat_cents::text,
         i.total_gross_cents::text, c.number AS corrects_number, ${day('c.issue_date')} AS corrects_issue_date,
         (SELECT json_agg(json_build_object('position', l.position, 'description', l.description, 'quantity', l.quantity,
                   'unitPriceCents', l.unit_price_cents::text, 'netCents', l.net_cents::text, 'category', l.vat_category,
                   'rateBp', l.vat_rate_bp, 'structureId', l.structure_id, 'procedureCode', l.procedure_code) ORDER BY l.position)
            FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
         (SELECT json_agg(json_build_object('category', b.vat_category, 'rateBp', b.vat_rate_bp, 'taxableCents', b.taxable_cents::text,
                   'vatCents', b.vat_cents::text, 'exemptionReason', b.exemption_reason, 'exemptionCode', b.exemption_code)
                   ORDER BY b.vat_category, b.vat_rate_bp)
            FROM invoice_vat_breakdown b WHERE b.invoice_id = i.id) AS breakdown
       FROM invoices i LEFT JOIN invoices c ON c.id = i.corrects_invoice_id
      WHERE i.id = $1 AND ($2::uuid[] IS NULL OR i.funder_id = ANY($2::uuid[]))`,
      [id, funderIds],
    );
    return row ? toDocument(row) : null;
  }
}

function toDocument(row: Record<string, unknown>): StoredInvoiceDocument {
  const lines = (row.lines as Record<string, unknown>[]).map(
    (l): DocumentLine => ({
      position: l.position as number,
      description: l.description as string,
      quantity: l.quantity as number,
      unitPriceCents: toSafeInteger(l.unitPriceCents as string),
      netCents: toSafeInteger(l.netCents as string),
      category: l.category as DocumentLine['category'],
      rateBp: l.rateBp as number,
      structureId: (l.structureId as string | null) ?? null,
      procedureCode: (l.procedureCode as string | null) ?? null,
    }),
  );
  const breakdown = (row.breakdown as Record<string, unknown>[]).map(
    (b): VatBreakdown => ({
      category: b.category as VatBreakdown['category'],
      rateBp: b.rateBp as number,
      taxableCents: toSafeInteger(b.taxableCents as string),
      vatCents: toSafeInteger(b.vatCents as string),
      ...(b.exemptionReason ? { exemptionReason: b.exemptionReason as string } : {}),
      ...(b.exemptionCode ? { exemptionCode: b.exemptionCode as string } : {}),
    }),
  );
  return {
    id: row.id as string,
    number: row.number as string,
    typeCode: row.type_code as 380 | 381,
    issueDate: row.issue_date as string,
    dueDate: row.due_date as string,
    periodStart: row.period_start as string,
    periodEnd: row.period_end as string,
    seller: row.seller as InvoiceParty,
    buyer: row.buyer as InvoiceParty,
    buyerIsPublic: row.buyer_is_public as boolean,
    buyerServiceCode: (row.buyer_service_code as string | null) ?? null,
    buyerCommitmentNumber: (row.buyer_commitment_number as string | null) ?? null,
    corrects: row.corrects_number ? { number: row.corrects_number as string, issueDate: row.corrects_issue_date as string } : null,
    creditReason: (row.credit_reason as string | null) ?? null,
    paymentTerms: row.payment_terms as string,
    latePenaltyTerms: row.late_penalty_terms as string,
    recoveryIndemnityCents: toSafeInteger(row.recovery_indemnity_cents as string),
    paymentIban: (row.payment_iban as string | null) ?? null,
    paymentReference: (row.payment_reference as string | null) ?? null,
    lines,
    breakdown,
    totalNetCents: toSafeInteger(row.total_net_cents as string),
    totalVatCents: toSafeInteger(row.total_vat_cents as string),
    totalGrossCents: toSafeInteger(row.total_gross_cents as string),
  };
}
