import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The guard of 1795392001300, with `final` as the statuses after which a line cannot change. */
const guard = (final: string) => `
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
       OR (OLD.status IN (${final}) AND NEW IS DISTINCT FROM OLD) THEN
      RAISE EXCEPTION 'payout line % cannot be rewritten (status %)', OLD.id, OLD.status
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payout_lines_forward_only';
    END IF;
    RETURN NEW;
  END $$`;

/**
 * Payouts made by bank transfer: a pending payout line can be recorded as paid by the operator's own
 * transfer (`paid_by_bank`, with the transfer's reference, the day and the admin), once, and then
 * never changes, like a Stripe-transferred one. Pending lines are listed by status for the admins.
 * Invoices count their PaymentIntents, so that an intent cancelled (or forgotten after Stripe
 * cancelled it) is replaced by a new one under a new idempotency key `pi:<invoice>:<attempt>`.
 */
export class PayoutBankTransfers1795392001600 implements MigrationInterface {
  name = 'PayoutBankTransfers1795392001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE payout_lines DROP CONSTRAINT payout_lines_status_check');
    await q.query(`ALTER TABLE payout_lines ADD CONSTRAINT payout_lines_status_check CHECK (status IN ('pending', 'transferred', 'paid_by_bank'))`);
    await q.query(`
      ALTER TABLE payout_lines
        ADD COLUMN bank_reference text CONSTRAINT payout_lines_bank_reference_check CHECK (char_length(bank_reference) BETWEEN 1 AND 140),
        ADD COLUMN paid_on date,
        ADD COLUMN paid_by uuid REFERENCES users (id),
        ADD CONSTRAINT payout_lines_paid_by_bank_check
          CHECK ((status = 'paid_by_bank') = (bank_reference IS NOT NULL AND paid_on IS NOT NULL AND paid_by IS NOT NULL))`);
    await q.query('CREATE INDEX payout_lines_status_idx ON payout_lines (status, created_at, id)');
    await q.query(guard(`'transferred', 'paid_by_bank'`));

    await q.query(`
      ALTER TABLE invoices ADD COLUMN stripe_payment_intent_attempts integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT invoices_payment_intent_attempts_check
          CHECK (stripe_payment_intent_attempts >= 0 AND (stripe_payment_intent_id IS NULL OR stripe_payment_intent_attempts >= 1))`);
    await q.query('UPDATE invoices SET stripe_payment_intent_attempts = 1 WHERE stripe_payment_intent_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE invoices DROP COLUMN stripe_payment_intent_attempts');
    await q.query(guard(`'transferred'`));
    await q.query('DROP INDEX payout_lines_status_idx');
    await q.query('ALTER TABLE payout_lines DROP COLUMN bank_reference, DROP COLUMN paid_on, DROP COLUMN paid_by');
    await q.query('ALTER TABLE payout_lines DROP CONSTRAINT payout_lines_status_check');
    await q.query(`ALTER TABLE payout_lines ADD CONSTRAINT payout_lines_status_check CHECK (status IN ('pending', 'transferred'))`);
  }
}
