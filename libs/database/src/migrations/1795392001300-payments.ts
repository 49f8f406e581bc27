import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments and payouts. Money received for an invoice is one `invoice_payments` row per payment,
 * unique per (invoice, reference); a trigger adds each row to its invoice's amount paid and status,
 * so amount paid = sum of payments and the invoice's own CHECK (amount paid ≤ total) refuses an
 * over-payment in the database. A paid invoice owes each of its structures one `payout_lines` row
 * (unique per invoice and structure, amount checked against the invoice's lines), transferred at
 * most once (one Stripe transfer id per line, unique). Funders' Stripe customers are kept once.
 */
export class Payments1795392001300 implements MigrationInterface {
  name = 'Payments1795392001300';

  async up(q: QueryRunner): Promise<void> {
    // Idempotency keys expire after a day at Stripe: the customer (and its virtual IBAN) is kept here.
    await q.query(`
      CREATE TABLE stripe_customers (
        funder_id uuid PRIMARY KEY REFERENCES organisations (id),
        stripe_customer_id text CONSTRAINT stripe_customers_customer_key UNIQUE CHECK (stripe_customer_id ~ '^cus_[A-Za-z0-9]+$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE invoice_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        source text NOT NULL CHECK (source IN ('bank_transfer', 'stripe')),
        -- Bank: the transfer's reference as the admin read it. Stripe: "<payment intent>:<cumulative cents received>".
        reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 140),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        received_on date NOT NULL,
        received_at timestamptz NOT NULL,
        stripe_payment_intent_id text CHECK (stripe_payment_intent_id ~ '^pi_[A-Za-z0-9]+$'),
        -- Set on the payment that completed the intent: the charge the structures' transfers draw on.
        stripe_charge_id text CONSTRAINT invoice_payments_charge_key UNIQUE CHECK (stripe_charge_id ~ '^(ch|py)_[A-Za-z0-9]+$'),
        stripe_event_id text REFERENCES stripe_events (id),
        recorded_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invoice_payments_reference_key UNIQUE (invoice_id, reference),
        CHECK ((source = 'stripe') = (stripe_payment_intent_id IS NOT NULL AND stripe_event_id IS NOT NULL)),
        CHECK ((source = 'bank_transfer') = (recorded_by IS NOT NULL)),
        CHECK (source = 'stripe' OR stripe_charge_id IS NULL)
      )`);
    await q.query(`CREATE TRIGGER invoice_payments_append_only BEFORE UPDATE OR DELETE ON invoice_payments
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    // The invoice follows its payments (never the other way): its CHECKs then refuse an over-payment.
    await q.query(`
      CREATE FUNCTION invoice_payments_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`CREATE TRIGGER invoice_payments_apply AFTER INSERT ON invoice_payments
      FOR EACH ROW EXECUTE FUNCTION invoice_payments_apply()`);

    await this.createPayoutLines(q);

    await q.query('ALTER TABLE stripe_events DROP CONSTRAINT stripe_events_outcome_check');
    await q.query(`ALTER TABLE stripe_events ADD CONSTRAINT stripe_events_outcome_check
      CHECK (outcome IN ('applied', 'stale', 'recorded', 'unknown_account', 'unknown_payment', 'overpaid'))`);
  }

  private async createPayoutLines(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payout_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        structure_id uuid NOT NULL REFERENCES structures (id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'transferred')),
        pending_reason text CHECK (pending_reason IN ('awaiting_transfer', 'payout_account_not_ready', 'bank_transfer')),
        stripe_transfer_id text CONSTRAINT payout_lines_transfer_key UNIQUE CHECK (stripe_transfer_id ~ '^tr_[A-Za-z0-9]+$'),
        source_charge_id text,
        stripe_account_id text,
        transferred_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payout_lines_invoice_structure_key UNIQUE (invoice_id, structure_id),
        CHECK ((status = 'pending') = (pending_reason IS NOT NULL)),
        CHECK ((status = 'transferred') = (stripe_transfer_id IS NOT NULL AND source_charge_id IS NOT NULL
          AND stripe_account_id IS NOT NULL AND transferred_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payout_lines_structure_idx ON payout_lines (structure_id, status)`);
    // Owed only for a paid invoice, exactly the structure's share of its lines; then only pending → transferred.
    await q.query(`
      CREATE FUNCTION payout_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
           OR (OLD.status = 'transferred' AND NEW IS DISTINCT FROM OLD) THEN
          RAISE EXCEPTION 'payout line % cannot be rewritten (status %)', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'payout_lines_forward_only';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER payout_lines_guard BEFORE INSERT OR UPDATE ON payout_lines
      FOR EACH ROW EXECUTE FUNCTION payout_lines_guard()`);
    await q.query(`CREATE TRIGGER payout_lines_never_deleted BEFORE DELETE ON payout_lines
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stripe_events DROP CONSTRAINT stripe_events_outcome_check');
    await q.query(`ALTER TABLE stripe_events ADD CONSTRAINT stripe_events_outcome_check
      CHECK (outcome IN ('applied', 'stale', 'recorded', 'unknown_account'))`);
    await q.query('DROP TABLE payout_lines');
    await q.query('DROP FUNCTION payout_lines_guard');
    await q.query('DROP TABLE invoice_payments');
    await q.query('DROP FUNCTION invoice_payments_apply');
    await q.query('DROP TABLE stripe_customers');
  }
}
