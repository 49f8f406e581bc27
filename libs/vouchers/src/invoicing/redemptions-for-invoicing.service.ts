import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import { lockProgramForInvoicing } from './program-invoicing-lock';

/** A program with redeemed, not yet invoiced vouchers, and the funder details its invoice needs. */
export interface ProgramToInvoice {
  programId: string;
  programName: string;
  operatorRateBp: number;
  funderId: string;
  funderLegalName: string;
  funderSiret: string;
  funderIsPublic: boolean;
  funderBillingAddress: string;
  chorusServiceCode: string | null;
  chorusCommitmentNumber: string | null;
}

/** The vouchers of one structure, procedure and face value moved to an invoice (one invoice line). */
export interface RedemptionGroup {
  structureId: string;
  procedureCode: string;
  faceValueCents: number;
  quantity: number;
}

/** A voucher on an invoice, with what places it on one of its lines. */
export interface InvoicedVoucher {
  voucherId: string;
  structureId: string;
  procedureCode: string;
  faceValueCents: number;
}

/**
 * What billing reads and writes of the vouchers context, inside billing's own transaction: the
 * vouchers redeemed before an instant and not yet invoiced and their move to 'invoiced' (under the
 * program's invoicing lock, which undo respects), and the vouchers a credit note names.
 */
@Injectable()
export class RedemptionsForInvoicing {
  async programsWithRedemptionsBefore(manager: EntityManager, before: Date): Promise<ProgramToInvoice[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT p.id, p.name, p.operator_rate_bp, f.id AS funder_id, f.legal_name, f.siret, f.sector, f.billing_address,
              f.chorus_service_code, f.chorus_commitment_number
         FROM voucher_programs p JOIN funders f ON f.id = p.funder_id
        WHERE EXISTS (SELECT 1 FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id
                       WHERE r.program_id = p.id AND r.undone_at IS NULL AND v.status = 'redeemed' AND r.redeemed_at < $1)
        ORDER BY f.id, p.id`,
      [before],
    );
    return rows.map((row) => ({
      programId: row.id as string,
      programName: row.name as string,
      operatorRateBp: row.operator_rate_bp as number,
      funderId: row.funder_id as string,
      funderLegalName: row.legal_name as string,
      funderSiret: row.siret as string,
      funderIsPublic: row.sector === 'public',
      funderBillingAddress: row.billing_address as string,
      chorusServiceCode: (row.chorus_service_code as string | null) ?? null,
      chorusCommitmentNumber: (row.chorus_commitment_number as string | null) ?? null,
    }));
  }

  /**
   * Moves the program's vouchers redeemed before `before` and still 'redeemed' to the invoice
   * `invoiceId` — which the caller inserts later in the same transaction: the vouchers→invoices key
   * is checked when `checkInvoiceReferences` is called (or at commit) — and returns them grouped per
   * structure, procedure and face value, aggregated in PostgreSQL (an invoice of thousands of vouchers
   * sends back its hundred lines).
   *
   * The UPDATE locks the vouchers, not their redemptions (locking a month of redemptions, spread over
   * the whole table, would rewrite most of its pages). Undo is kept out by the program's invoicing
   * lock instead: an undo in progress finishes first (its voucher is then no longer 'redeemed' and is
   * left out), a later one waits for this transaction and then finds its voucher invoiced. So no
   * voucher is ever re-checked against a redemption undone meanwhile.
   */
  async moveToInvoice(manager: EntityManager, programId: string, before: Date, invoiceId: string): Promise<RedemptionGroup[]> {
    await lockProgramForInvoicing(manager, programId);
    await manager.query('SET CONSTRAINTS vouchers_invoice_fkey DEFERRED');
    const rows: { structure_id: string; procedure_code: string; face_value_cents: string; quantity: number }[] =
      await manager.query(
        `WITH moved AS (
           UPDATE vouchers v SET status = 'invoiced', invoice_id = $3, updated_at = now()
             FROM voucher_redemptions r
            WHERE r.voucher_id = v.id AND r.program_id = $1 AND v.program_id = $1 AND r.undone_at IS NULL
              AND v.status = 'redeemed' AND r.redeemed_at < $2
           RETURNING r.structure_id, r.procedure_code, r.face_value_cents)
         SELECT structure_id, procedure_code, face_value_cents, count(*)::int AS quantity
           FROM moved GROUP BY structure_id, procedure_code, face_value_cents`,
        [programId, before, invoiceId],
      );
    return rows.map((row) => ({
      structureId: row.structure_id,
      procedureCode: row.procedure_code,
      faceValueCents: toSafeInteger(row.face_value_cents),
      quantity: row.quantity,
    }));
  }

  /** Checks now, rather than at commit, that the vouchers moved by `moveToInvoice` name an invoice of their program. */
  async checkInvoiceReferences(manager: EntityManager): Promise<void> {
    await manager.query('SET CONSTRAINTS vouchers_invoice_fkey IMMEDIATE');
  }

  /** What a structure has redeemed that is not invoiced yet (its statement's first pending amount). */
  async uninvoicedOfStructure(manager: EntityManager, structureId: string): Promise<{ count: number; amountCents: number }> {
    const [row]: { count: number; amount: string }[] = await manager.query(
      `SELECT count(*)::int AS count, coalesce(sum(r.face_value_cents), 0)::text AS amount
         FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id
        WHERE r.structure_id = $1 AND r.undone_at IS NULL AND v.status = 'redeemed'`,
      [structureId],
    );
    return { count: row!.count, amountCents: toSafeInteger(row!.amount) };
  }

  /** Redeemed, not invoiced yet, per funder and structure (what their accrual journals still hold), for reconciliation. */
  async uninvoicedByParty(manager: EntityManager): Promise<{ funderId: string; structureId: string; amountCents: number }[]> {
    const rows: { funder_id: string; structure_id: string; amount: string }[] = await manager.query(
      `SELECT p.funder_id, r.structure_id, sum(r.face_value_cents)::text AS amount
         FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id JOIN voucher_programs p ON p.id = r.program_id
        WHERE r.undone_at IS NULL AND v.status = 'redeemed'
        GROUP BY p.funder_id, r.structure_id`,
    );
    return rows.map((row) => ({ funderId: row.funder_id, structureId: row.structure_id, amountCents: toSafeInteger(row.amount) }));
  }

  /**
   * The invoice's vouchers, locked FOR UPDATE (a credit note names some of them), latest redeemed
   * first: crediting a quantity without naming vouchers takes the most recent ones.
   */
  async lockInvoicedOn(manager: EntityManager, invoiceId: string): Promise<InvoicedVoucher[]> {
    const rows: { id: string; structure_id: string; procedure_code: string; face_value_cents: string }[] = await manager.query(
      `SELECT v.id, r.structure_id, r.procedure_code, r.face_value_cents::text
         FROM vouchers v JOIN voucher_redemptions r ON r.voucher_id = v.id AND r.undone_at IS NULL
        WHERE v.invoice_id = $1 AND v.program_id = (SELECT program_id FROM invoices WHERE id = $1) AND v.status IN ('invoiced', 'paid')
        ORDER BY r.redeemed_at DESC, v.id
        FOR UPDATE OF v`,
      [invoiceId],
    );
    return rows.map((row) => ({
      voucherId: row.id,
      structureId: row.structure_id,
      procedureCode: row.procedure_code,
      faceValueCents: toSafeInteger(row.face_value_cents),
    }));
  }

  /**
   * Vouchers credited so that they are billed again: back to 'redeemed' with no invoice, so the next
   * invoicing run takes them (their redemption and its accrual stay). Throws unless all were on the invoice.
   */
  async releaseForRebilling(manager: EntityManager, invoiceId: string, voucherIds: string[]): Promise<void> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE vouchers SET status = 'redeemed', invoice_id = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND invoice_id = $2 AND status IN ('invoiced', 'paid')`,
      [voucherIds, invoiceId],
    );
    if (count !== voucherIds.length) throw new Error(`only ${count} of ${voucherIds.length} vouchers could be released for re-billing`);
  }
}
