import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = ['redemption_accrued', 'invoice_issued', 'payment_received', 'transfer_sent', 'credit_note_issued', 'adjustment'];

/**
 * Redemptions post their ledger journals: a new journal kind for the reversal of an undone
 * redemption, and the accrual of every live redemption recorded before redemptions posted it (so
 * that invoicing them, which credits funder_unbilled, leaves it at zero). And the keys between
 * billing and vouchers: an invoice belongs to a program of its own funder, and a voucher is invoiced
 * on an invoice of its own program.
 */
export class LedgerAccrualsAndInvoiceKeys1795392001400 implements MigrationInterface {
  name = 'LedgerAccrualsAndInvoiceKeys1795392001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check');
    await q.query(`ALTER TABLE ledger_journals ADD CONSTRAINT ledger_journals_kind_check
      CHECK (kind IN (${[...KINDS, 'redemption_reversed'].map((kind) => `'${kind}'`).join(', ')}))`);

    // The same journal RedemptionService posts (journals.ts redemptionAccrued), once per redemption.
    await q.query(`
      WITH missing AS (
        SELECT r.id, r.structure_id, r.face_value_cents, r.redeemed_at, p.funder_id
          FROM voucher_redemptions r JOIN voucher_programs p ON p.id = r.program_id
         WHERE r.undone_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM ledger_journals j WHERE j.event_key = 'redemption:' || r.id)),
      journals AS (
        INSERT INTO ledger_journals (kind, event_key, description, occurred_at)
        SELECT 'redemption_accrued', 'redemption:' || id, 'Pass utilisé', redeemed_at FROM missing
        RETURNING id, event_key)
      INSERT INTO ledger_entries (journal_id, account, party_id, amount_cents)
      SELECT j.id, e.account, e.party_id, e.amount_cents
        FROM journals j JOIN missing m ON j.event_key = 'redemption:' || m.id
        CROSS JOIN LATERAL (VALUES ('funder_unbilled', m.funder_id, m.face_value_cents),
                                   ('structure_payable', m.structure_id, -m.face_value_cents)) AS e (account, party_id, amount_cents)`);

    await q.query('ALTER TABLE voucher_programs ADD CONSTRAINT voucher_programs_id_funder_key UNIQUE (id, funder_id)');
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_program_fkey
      FOREIGN KEY (program_id, funder_id) REFERENCES voucher_programs (id, funder_id)`);
    await q.query('ALTER TABLE invoices ADD CONSTRAINT invoices_id_program_key UNIQUE (id, program_id)');
    await q.query(`ALTER TABLE vouchers ADD CONSTRAINT vouchers_invoice_fkey
      FOREIGN KEY (invoice_id, program_id) REFERENCES invoices (id, program_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vouchers DROP CONSTRAINT vouchers_invoice_fkey');
    await q.query('ALTER TABLE invoices DROP CONSTRAINT invoices_id_program_key');
    await q.query('ALTER TABLE invoices DROP CONSTRAINT invoices_program_fkey');
    await q.query('ALTER TABLE voucher_programs DROP CONSTRAINT voucher_programs_id_funder_key');
    // Accruals stay (the ledger is append-only); reversals must be gone for the old kinds to hold.
    await q.query('ALTER TABLE ledger_journals DROP CONSTRAINT ledger_journals_kind_check');
    await q.query(`ALTER TABLE ledger_journals ADD CONSTRAINT ledger_journals_kind_check
      CHECK (kind IN (${KINDS.map((kind) => `'${kind}'`).join(', ')}))`);
  }
}
