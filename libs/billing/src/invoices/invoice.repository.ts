import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InvoiceTotals } from './invoice-totals';
import type { InvoiceDraft } from './invoice.types';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class InvoiceRepository {
  /**
   * Runs `work` (numbering, then `insert`) under a savepoint. When the funder already has an invoice
   * for this program and period, everything `work` did is undone, the counter bump included (so the
   * number is given back even if the caller commits), and the answer is null.
   */
  async numberedOnce<T>(manager: EntityManager, work: () => Promise<T>): Promise<T | null> {
    await manager.query('SAVEPOINT invoice_issue');
    try {
      const result = await work();
      await manager.query('RELEASE SAVEPOINT invoice_issue');
      return result;
    } catch (error) {
      const cause = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (cause?.code === UNIQUE_VIOLATION && cause.constraint === 'invoices_funder_program_period_key') {
        await manager.query('ROLLBACK TO SAVEPOINT invoice_issue');
        return null;
      }
      throw error;
    }
  }

  async insert(manager: EntityManager, draft: InvoiceDraft, number: string, totals: InvoiceTotals): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO invoices (id, type_code, corrects_invoice_id, number, funder_id, program_id, period_start, period_end,
         issue_date, due_date, seller, buyer, buyer_is_public, buyer_service_code, buyer_commitment_number,
         total_net_cents, total_vat_cents, total_gross_cents, payment_terms, late_penalty_terms, payment_iban, payment_reference, credit_reason,
         credit_rebills)
       VALUES (coalesce($24::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       RETURNING id`,
      [
        draft.typeCode,
        draft.correctsInvoiceId ?? null,
        number,
        draft.funderId,
        draft.programId ?? null,
        draft.periodStart,
        draft.periodEnd,
        draft.issueDate,
        draft.dueDate,
        JSON.stringify(draft.seller),
        JSON.stringify(draft.buyer),
        draft.buyerIsPublic,
        draft.buyerServiceCode ?? null,
        draft.buyerCommitmentNumber ?? null,
        totals.totalNetCents,
        totals.totalVatCents,
        totals.totalGrossCents,
        draft.paymentTerms,
        draft.latePenaltyTerms,
        draft.paymentIban ?? null,
        draft.paymentReference ?? null,
        draft.creditReason ?? null,
        draft.typeCode === 381 ? (draft.creditRebills ?? false) : null,
        draft.id ?? null,
      ],
    );
    const invoiceId = rows[0]!.id;
    await this.insertLines(manager, invoiceId, totals);
    return invoiceId;
  }

  private async insertLines(manager: EntityManager, invoiceId: string, totals: InvoiceTotals): Promise<void> {
    const { lines, breakdown } = totals;
    await manager.query(
      `INSERT INTO invoice_lines (invoice_id, position, description, structure_id, procedure_code, quantity, unit_price_cents,
         net_cents, vat_category, vat_rate_bp, corrects_position)
       SELECT $1, * FROM unnest($2::smallint[], $3::text[], $4::uuid[], $5::text[], $6::int[], $7::bigint[], $8::bigint[], $9::char[], $10::int[],
         $11::smallint[])`,
      [
        invoiceId,
        lines.map((line) => line.position),
        lines.map((line) => line.description),
        lines.map((line) => line.structureId ?? null),
        lines.map((line) => line.procedureCode ?? null),
        lines.map((line) => line.quantity),
        lines.map((line) => String(line.unitPriceCents)),
        lines.map((line) => String(line.netCents)),
        lines.map((line) => line.vat.category),
        lines.map((line) => (line.vat.category === 'S' ? line.vat.rateBp : 0)),
        lines.map((line) => line.correctsPosition ?? null),
      ],
    );
    await manager.query(
      `INSERT INTO invoice_vat_breakdown (invoice_id, vat_category, vat_rate_bp, taxable_cents, vat_cents, exemption_reason, exemption_code)
       SELECT $1, * FROM unnest($2::char[], $3::int[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])`,
      [
        invoiceId,
        breakdown.map((row) => row.category),
        breakdown.map((row) => row.rateBp),
        breakdown.map((row) => String(row.taxableCents)),
        breakdown.map((row) => String(row.vatCents)),
        breakdown.map((row) => row.exemptionReason ?? null),
        breakdown.map((row) => row.exemptionCode ?? null),
      ],
    );
  }
}
