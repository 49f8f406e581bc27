import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit notes (avoirs): the reason printed on the credit note, frozen like the rest of it, and at
 * most one credit note per invoice (credit notes are full: the whole invoice is cancelled), so that
 * concurrent requests can never credit an invoice twice whatever the code does.
 */
export class CreditNotes1795392001200 implements MigrationInterface {
  name = 'CreditNotes1795392001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD COLUMN credit_reason text CHECK (char_length(credit_reason) BETWEEN 1 AND 500)`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_credit_note_reason_check CHECK ((type_code = 381) = (credit_reason IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX invoices_one_credit_note_key ON invoices (corrects_invoice_id) WHERE type_code = 381`);
    // invoices_forward_only predates the column: a separate trigger keeps the reason as issued.
    await q.query(`
      CREATE FUNCTION invoices_credit_reason_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'credit note % is issued and cannot be rewritten', OLD.number
          USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_immutable';
      END $$`);
    await q.query(`CREATE TRIGGER invoices_credit_reason_immutable BEFORE UPDATE ON invoices
      FOR EACH ROW WHEN (NEW.credit_reason IS DISTINCT FROM OLD.credit_reason) EXECUTE FUNCTION invoices_credit_reason_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER invoices_credit_reason_immutable ON invoices');
    await q.query('DROP FUNCTION invoices_credit_reason_immutable');
    await q.query('DROP INDEX invoices_one_credit_note_key');
    await q.query('ALTER TABLE invoices DROP COLUMN credit_reason');
  }
}
