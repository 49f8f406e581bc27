import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import type { EntityManager } from 'typeorm';

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

/** The locked vouchers of one structure, procedure and face value (one invoice line). */
export interface RedemptionGroup {
  structureId: string;
  procedureCode: string;
  faceValueCents: number;
  quantity: number;
}

/** What one invoice takes: its lines' groups, and the ids of the vouchers locked for it. */
export interface RedemptionsToInvoice {
  groups: RedemptionGroup[];
  voucherIds: string[];
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
 * vouchers redeemed before an instant and not yet invoiced, locked as redemption undo locks them
 * (redemption row, then voucher), and their move to 'invoiced'.
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
   * Locks FOR UPDATE the program's live redemptions before `before` whose voucher is still 'redeemed',
   * and returns them grouped per structure, procedure and face value (aggregated in PostgreSQL: an
   * invoice of thousands of vouchers sends back its hundred lines and one array of ids). A redemption
   * undone concurrently is either undone before (then re-checked out of the result) or waits for this
   * transaction (then finds its voucher invoiced and refuses).
   */
  async lockRedeemedBefore(manager: EntityManager, programId: string, before: Date): Promise<RedemptionsToInvoice> {
    const rows: { structure_id: string; procedure_code: string; face_value_cents: string; quantity: number; voucher_ids: string[] }[] =
      await manager.query(
        `WITH locked AS (
           SELECT v.id, r.structure_id, r.procedure_code, r.face_value_cents
             FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id
            WHERE r.program_id = $1 AND r.undone_at IS NULL AND v.status = 'redeemed' AND r.redeemed_at < $2
            ORDER BY r.id
            FOR UPDATE OF r, v)
         SELECT structure_id, procedure_code, face_value_cents, count(*)::int AS quantity, array_agg(id) AS voucher_ids
           FROM locked GROUP BY structure_id, procedure_code, face_value_cents`,
        [programId, before],
      );
    return {
      groups: rows.map((row) => ({
        structureId: row.structure_id,
        procedureCode: row.procedure_code,
        faceValueCents: toSafeInteger(row.face_value_cents),
        quantity: row.quantity,
      })),
      voucherIds: rows.flatMap((row) => row.voucher_ids),
    };
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

  /** Moves the locked vouchers to 'invoiced'; throws if any of them is no longer 'redeemed'. */
  async markInvoiced(manager: EntityManager, voucherIds: string[], invoiceId: string): Promise<void> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE vouchers SET status = 'invoiced', invoice_id = $2, updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'redeemed'`,
      [voucherIds, invoiceId],
    );
    if (count !== voucherIds.length) throw new Error(`only ${count} of ${voucherIds.length} vouchers could be marked invoiced`);
  }

  /**
   * The invoice's vouchers, locked FOR UPDATE (a credit note names some of them), latest redeemed
   * first: crediting a quantity without naming vouchers takes the most recent ones.
   */
  async lockInvoicedOn(manager: EntityManager, invoiceId: string): Promise<InvoicedVoucher[]> {
    const rows: { id: string; structure_id: string; procedure_code: string; face_value_cents: string }[] = await manager.query(
      `SELECT v.id, r.structure_id, r.procedure_code, r.face_value_cents::text
         FROM vouchers v JOIN voucher_redemptions r ON r.voucher_id = v.id AND r.undone_at IS NULL
        WHERE v.invoice_id = $1 AND v.status IN ('invoiced', 'paid')
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
