import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial credit notes. An invoice may now have several credit notes, each crediting some of its
 * lines (its lines name the corrected line's position) and some of its vouchers (named in
 * credit_note_vouchers, once per invoice); PostgreSQL keeps their sum within the invoice, per line
 * and in total, whatever the code does: each credit-note line is checked against its line under
 * the corrected invoice's row lock, and the credited total is kept on the invoice under its own
 * CHECK. The funder owes total − credited − paid; an invoice is paid once what it paid covers what
 * is left, and credited once nothing is left. A credit note that `rebills` released its vouchers
 * for the next invoice: its journal gives face value back to funder_unbilled, not to the structures.
 */
export class PartialCreditNotes1795392001700 implements MigrationInterface {
  name = 'PartialCreditNotes1795392001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX invoices_one_credit_note_key');
    await q.query('ALTER TABLE invoices ADD COLUMN credited_gross_cents bigint NOT NULL DEFAULT 0');
    await q.query(`ALTER TABLE invoices ADD COLUMN credit_rebills boolean`);
    await q.query(`UPDATE invoices SET credit_rebills = false WHERE type_code = 381`);
    await q.query(`UPDATE invoices i SET credited_gross_cents = i.total_gross_cents WHERE i.status = 'credited'`);
    await q.query(`ALTER TABLE invoices
      ADD CONSTRAINT invoices_credited_within_total CHECK (credited_gross_cents BETWEEN 0 AND total_gross_cents),
      ADD CONSTRAINT invoices_credit_rebills_check CHECK ((type_code = 381) = (credit_rebills IS NOT NULL)),
      ADD CONSTRAINT invoices_credit_note_credits_nothing CHECK (type_code = 380 OR credited_gross_cents = 0)`);
    // The status/amount CHECK was unnamed in 1795392001000: found by what it says, not by a generated name.
    const [statusCheck]: { conname: string }[] = await q.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'invoices'::regclass AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%partially_paid%amount_paid_cents%'`,
    );
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT "${statusCheck!.conname}"`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_status_amounts CHECK (
      (status = 'issued' AND amount_paid_cents = 0)
      OR (status = 'partially_paid' AND amount_paid_cents > 0 AND amount_paid_cents < total_gross_cents - credited_gross_cents)
      OR (status = 'paid' AND amount_paid_cents >= total_gross_cents - credited_gross_cents AND paid_at IS NOT NULL)
      OR (status = 'credited' AND credited_gross_cents = total_gross_cents))`);
    // Frozen like the reason; the credited total only grows.
    await q.query('DROP TRIGGER invoices_credit_reason_immutable ON invoices');
    await q.query(`CREATE TRIGGER invoices_credit_reason_immutable BEFORE UPDATE ON invoices
      FOR EACH ROW WHEN (NEW.credit_reason IS DISTINCT FROM OLD.credit_reason OR NEW.credit_rebills IS DISTINCT FROM OLD.credit_rebills
                         OR NEW.credited_gross_cents < OLD.credited_gross_cents)
      EXECUTE FUNCTION invoices_credit_reason_immutable()`);

    await this.creditNoteLines(q);
    await this.creditedTotals(q);
    await this.creditNoteVouchers(q);
    await this.paymentsAndPayouts(q);
  }

  private async creditNoteLines(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE invoice_lines ADD COLUMN corrects_position smallint CHECK (corrects_position >= 1)');
    // Full credit notes so far copied their invoice's lines in order.
    await q.query(`UPDATE invoice_lines l SET corrects_position = l.position FROM invoices i WHERE i.id = l.invoice_id AND i.type_code = 381`);
    await q.query(`
      CREATE FUNCTION credit_note_line_within_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        corrected uuid;
        original invoice_lines%ROWTYPE;
        credited_net numeric;
        credited_quantity numeric;
      BEGIN
        SELECT corrects_invoice_id INTO corrected FROM invoices WHERE id = NEW.invoice_id;
        IF (corrected IS NULL) <> (NEW.corrects_position IS NULL) THEN
          RAISE EXCEPTION 'a credit note line names the line it corrects, an invoice line does not'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'credit_note_lines_within_invoice';
        END IF;
        IF corrected IS NULL THEN
          RETURN NULL;
        END IF;
        -- Concurrent credit notes of one invoice queue here; each then sums what the others committed.
        PERFORM 1 FROM invoices WHERE id = corrected FOR UPDATE;
        SELECT * INTO original FROM invoice_lines WHERE invoice_id = corrected AND position = NEW.corrects_position;
        IF original.invoice_id IS NULL OR (original.structure_id, original.procedure_code, original.vat_category, original.vat_rate_bp)
             IS DISTINCT FROM (NEW.structure_id, NEW.procedure_code, NEW.vat_category, NEW.vat_rate_bp)
           OR (original.structure_id IS NOT NULL AND original.unit_price_cents <> NEW.unit_price_cents) THEN
          RAISE EXCEPTION 'credit note line % does not match line % of the corrected invoice', NEW.position, NEW.corrects_position
            USING ERRCODE = 'check_violation', CONSTRAINT = 'credit_note_lines_within_invoice';
        END IF;
        SELECT coalesce(sum(l.net_cents), 0), coalesce(sum(l.quantity), 0) INTO credited_net, credited_quantity
          FROM invoice_lines l JOIN invoices c ON c.id = l.invoice_id
         WHERE c.corrects_invoice_id = corrected AND l.corrects_position = NEW.corrects_position;
        IF credited_net > original.net_cents OR (original.structure_id IS NOT NULL AND credited_quantity > original.quantity) THEN
          RAISE EXCEPTION 'line % of the invoice would be credited beyond its amount (% of % cents)', NEW.corrects_position, credited_net, original.net_cents
            USING ERRCODE = 'check_violation', CONSTRAINT = 'credit_note_lines_within_invoice';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER credit_note_line_within_invoice AFTER INSERT ON invoice_lines
      FOR EACH ROW EXECUTE FUNCTION credit_note_line_within_invoice()`);
  }

  private async creditedTotals(q: QueryRunner): Promise<void> {
    // The corrected invoice follows its credit notes: its CHECKs refuse a total credited beyond the invoice.
    await q.query(`
      CREATE FUNCTION credit_note_applied() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE invoices
           SET credited_gross_cents = credited_gross_cents + NEW.total_gross_cents,
               status = CASE
                 WHEN credited_gross_cents + NEW.total_gross_cents = total_gross_cents THEN 'credited'
                 WHEN status = 'partially_paid' AND amount_paid_cents >= total_gross_cents - credited_gross_cents - NEW.total_gross_cents THEN 'paid'
                 ELSE status END,
               paid_at = CASE
                 WHEN credited_gross_cents + NEW.total_gross_cents = total_gross_cents THEN paid_at
                 WHEN status = 'partially_paid' AND amount_paid_cents >= total_gross_cents - credited_gross_cents - NEW.total_gross_cents THEN now()
                 ELSE paid_at END,
               updated_at = now()
         WHERE id = NEW.corrects_invoice_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER credit_note_applied AFTER INSERT ON invoices
      FOR EACH ROW WHEN (NEW.type_code = 381) EXECUTE FUNCTION credit_note_applied()`);
  }

  private async creditNoteVouchers(q: QueryRunner): Promise<void> {
    // Which vouchers a credit note credited: a voucher is credited at most once per invoice.
    await q.query(`
      CREATE TABLE credit_note_vouchers (
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        voucher_id uuid NOT NULL REFERENCES vouchers (id),
        credit_note_id uuid NOT NULL REFERENCES invoices (id),
        line_position smallint NOT NULL CHECK (line_position >= 1),
        PRIMARY KEY (invoice_id, voucher_id)
      )`);
    await q.query('CREATE INDEX credit_note_vouchers_note_idx ON credit_note_vouchers (credit_note_id)');
    await q.query(`CREATE TRIGGER credit_note_vouchers_append_only BEFORE UPDATE OR DELETE ON credit_note_vouchers
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    // The full credit notes issued before this migration credited every voucher of their invoice.
    await q.query(`
      INSERT INTO credit_note_vouchers (invoice_id, voucher_id, credit_note_id, line_position)
      SELECT v.invoice_id, v.id, c.id, l.position
        FROM vouchers v
        JOIN voucher_redemptions r ON r.voucher_id = v.id AND r.undone_at IS NULL
        JOIN invoices c ON c.corrects_invoice_id = v.invoice_id AND c.type_code = 381
        JOIN invoice_lines l ON l.invoice_id = v.invoice_id AND l.structure_id = r.structure_id
         AND l.procedure_code = r.procedure_code AND l.unit_price_cents = r.face_value_cents`);
  }

  private async paymentsAndPayouts(q: QueryRunner): Promise<void> {
    // A payment is applied to what is left once credit notes are deducted.
    await q.query(`
      CREATE OR REPLACE FUNCTION invoice_payments_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        invoice invoices%ROWTYPE;
        due bigint;
      BEGIN
        SELECT * INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
        IF invoice.type_code <> 380 OR invoice.status = 'credited' THEN
          RAISE EXCEPTION 'invoice % takes no payment (credit note or credited)', invoice.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_payments_payable';
        END IF;
        due := invoice.total_gross_cents - invoice.credited_gross_cents;
        IF invoice.amount_paid_cents + NEW.amount_cents > due THEN
          RAISE EXCEPTION 'amount_paid_cents of invoice % would exceed what is due (% cents: its total less its credit notes)', invoice.number, due
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_payments_within_due';
        END IF;
        UPDATE invoices
           SET amount_paid_cents = amount_paid_cents + NEW.amount_cents,
               status = CASE WHEN amount_paid_cents + NEW.amount_cents = due THEN 'paid' ELSE 'partially_paid' END,
               paid_at = CASE WHEN amount_paid_cents + NEW.amount_cents = due THEN NEW.received_at END,
               updated_at = now()
         WHERE id = NEW.invoice_id;
        RETURN NULL;
      END $$`);
    // A structure is paid out its lines less what credit notes took back from them before the payout.
    await q.query(`
      CREATE OR REPLACE FUNCTION payout_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        share numeric;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status = 'paid' AND type_code = 380) THEN
            RAISE EXCEPTION 'invoice % is not paid: nothing to pay out', NEW.invoice_id
              USING ERRCODE = 'check_violation', CONSTRAINT = 'payout_lines_invoice_paid';
          END IF;
          SELECT coalesce(sum(l.net_cents), 0) - coalesce((
                   SELECT sum(cl.net_cents) FROM invoice_lines cl JOIN invoices c ON c.id = cl.invoice_id
                    WHERE c.corrects_invoice_id = NEW.invoice_id AND cl.structure_id = NEW.structure_id), 0)
            INTO share FROM invoice_lines l WHERE l.invoice_id = NEW.invoice_id AND l.structure_id = NEW.structure_id;
          IF share <> NEW.amount_cents THEN
            RAISE EXCEPTION 'payout line of % cents for a share of % cents', NEW.amount_cents, share
              USING ERRCODE = 'check_violation', CONSTRAINT = 'payout_lines_share';
          END IF;
          RETURN NEW;
        END IF;
        IF (NEW.invoice_id, NEW.structure_id, NEW.amount_cents) IS DISTINCT FROM (OLD.invoice_id, OLD.structure_id, OLD.amount_cents)
           OR (OLD.status IN ('transferred', 'paid_by_bank') AND NEW IS DISTINCT FROM OLD) THEN
          RAISE EXCEPTION 'payout line % cannot be rewritten (status %)', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payout_lines_forward_only';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.restorePaymentsAndPayouts(q);
    await q.query('DROP TABLE credit_note_vouchers');
    await q.query('DROP TRIGGER credit_note_applied ON invoices');
    await q.query('DROP FUNCTION credit_note_applied');
    await q.query('DROP TRIGGER credit_note_line_within_invoice ON invoice_lines');
    await q.query('DROP FUNCTION credit_note_line_within_invoice');
    await q.query('ALTER TABLE invoice_lines DROP COLUMN corrects_position');
    await q.query('DROP TRIGGER invoices_credit_reason_immutable ON invoices');
    await q.query(`CREATE TRIGGER invoices_credit_reason_immutable BEFORE UPDATE ON invoices
      FOR EACH ROW WHEN (NEW.credit_reason IS DISTINCT FROM OLD.credit_reason) EXECUTE FUNCTION invoices_credit_reason_immutable()`);
    await q.query('ALTER TABLE invoices DROP CONSTRAINT invoices_status_amounts');
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_check7 CHECK (
      (status = 'issued' AND amount_paid_cents = 0)
      OR (status = 'partially_paid' AND amount_paid_cents > 0 AND amount_paid_cents < total_gross_cents)
      OR (status = 'paid' AND amount_paid_cents = total_gross_cents AND paid_at IS NOT NULL)
      OR status = 'credited')`);
    await q.query('ALTER TABLE invoices DROP COLUMN credit_rebills, DROP COLUMN credited_gross_cents');
    await q.query('CREATE UNIQUE INDEX invoices_one_credit_note_key ON invoices (corrects_invoice_id) WHERE type_code = 381');
  }

  /** The functions as 1795392001300-payments and 1795392001600-payout-bank-transfers left them (no credit notes deducted). */
  private async restorePaymentsAndPayouts(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION invoice_payments_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        invoice invoices%ROWTYPE;
      BEGIN
        SELECT * INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
        IF invoice.type_code <> 380 OR invoice.status = 'credited' THEN
          RAISE EXCEPTION 'invoice % takes no payment (credit note or credited)', invoice.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_payments_payable';
        END IF;
        UPDATE invoices
           SET amount_paid_cents = amount_paid_cents + NEW.amount_cents,
               status = CASE WHEN amount_paid_cents + NEW.amount_cents = total_gross_cents THEN 'paid' ELSE 'partially_paid' END,
               paid_at = CASE WHEN amount_paid_cents + NEW.amount_cents = total_gross_cents THEN NEW.received_at END,
               updated_at = now()
         WHERE id = NEW.invoice_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payout_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        share numeric;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status = 'paid' AND type_code = 380) THEN
            RAISE EXCEPTION 'invoice % is not paid: nothing to pay out', NEW.invoice_id
              USING ERRCODE = 'check_violation', CONSTRAINT = 'payout_lines_invoice_paid';
          END IF;
          SELECT coalesce(sum(net_cents), 0) INTO share FROM invoice_lines WHERE invoice_id = NEW.invoice_id AND structure_id = NEW.structure_id;
          IF share <> NEW.amount_cents THEN
            RAISE EXCEPTION 'payout line of % cents for a share of % cents', NEW.amount_cents, share
              USING ERRCODE = 'check_violation', CONSTRAINT = 'payout_lines_share';
          END IF;
          RETURN NEW;
        END IF;
        IF (NEW.invoice_id, NEW.structure_id, NEW.amount_cents) IS DISTINCT FROM (OLD.invoice_id, OLD.structure_id, OLD.amount_cents)
           OR (OLD.status IN ('transferred', 'paid_by_bank') AND NEW IS DISTINCT FROM OLD) THEN
          RAISE EXCEPTION 'payout line % cannot be rewritten (status %)', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payout_lines_forward_only';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
