import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing: the double-entry ledger (a journal's entries sum to zero, checked by PostgreSQL at
 * commit), gapless invoice numbering (one locked counter row per year, never a sequence), invoices
 * and credit notes (immutable once issued; status and amount paid only move forward), Stripe events
 * (stored once, by id) and the structures' Stripe payout accounts.
 */
export class Billing1795392001000 implements MigrationInterface {
  name = 'Billing1795392001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_journals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN (
          'redemption_accrued', 'invoice_issued', 'payment_received', 'transfer_sent', 'credit_note_issued', 'adjustment')),
        -- One journal per money event: the key names the event (e.g. "invoice:<id>"), so a replay adds nothing.
        event_key text NOT NULL CONSTRAINT ledger_journals_event_key_key UNIQUE CHECK (char_length(event_key) BETWEEN 1 AND 200),
        description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 300),
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Debits are positive, credits negative. Funder accounts and structure_payable name their party.
    await q.query(`
      CREATE TABLE ledger_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        journal_id uuid NOT NULL REFERENCES ledger_journals (id),
        account text NOT NULL CHECK (account IN (
          'funder_unbilled', 'funder_receivable', 'structure_payable', 'platform_revenue', 'vat_collected', 'stripe_cash', 'bank_cash')),
        party_id uuid REFERENCES organisations (id),
        amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
        CHECK ((account IN ('funder_unbilled', 'funder_receivable', 'structure_payable')) = (party_id IS NOT NULL))
      )`);
    await q.query('CREATE INDEX ledger_entries_journal_idx ON ledger_entries (journal_id)');
    await q.query('CREATE INDEX ledger_entries_party_idx ON ledger_entries (account, party_id) WHERE party_id IS NOT NULL');

    // Checked at commit (deferred), once all of a journal's entries are in: at least two, summing to zero.
    await q.query(`
      CREATE FUNCTION ledger_journal_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        journal uuid;
        total numeric;
        lines bigint;
      BEGIN
        -- Separate branches: plpgsql resolves NEW's fields only in the statement that runs.
        IF TG_TABLE_NAME = 'ledger_journals' THEN
          journal := NEW.id;
        ELSE
          journal := NEW.journal_id;
        END IF;
        SELECT coalesce(sum(amount_cents), 0), count(*) INTO total, lines FROM ledger_entries WHERE journal_id = journal;
        IF lines < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger journal % is unbalanced (% entries, sum %)', journal, lines, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_journal_balanced';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_journal_balanced AFTER INSERT ON ledger_journals
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_journal_balanced()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_journal_balanced()`);
    // The ledger is append-only: a mistake is corrected by a new journal, never by editing one.
    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    // Locked (by the upsert that bumps it) in the invoice's own transaction: a rollback gives the number back.
    await q.query(`
      CREATE TABLE invoice_number_counters (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last_number integer NOT NULL CHECK (last_number BETWEEN 0 AND 999999)
      )`);

    await this.createInvoices(q);

    await q.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY CHECK (id ~ '^evt_[A-Za-z0-9_]+$'),
        type text NOT NULL,
        account text,
        livemode boolean NOT NULL,
        stripe_created_at timestamptz NOT NULL,
        payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        outcome text CHECK (outcome IN ('applied', 'stale', 'recorded', 'unknown_account'))
      )`);

    await q.query(`
      CREATE TABLE payout_accounts (
        structure_id uuid PRIMARY KEY REFERENCES structures (id),
        stripe_account_id text CONSTRAINT payout_accounts_stripe_account_key UNIQUE CHECK (stripe_account_id ~ '^acct_[A-Za-z0-9]+$'),
        charges_enabled boolean NOT NULL DEFAULT false,
        payouts_enabled boolean NOT NULL DEFAULT false,
        details_submitted boolean NOT NULL DEFAULT false,
        requirements_due text[] NOT NULL DEFAULT '{}',
        disabled_reason text,
        -- Creation time of the Stripe event the readiness comes from: older events never overwrite it.
        state_as_of timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  private async createInvoices(q: QueryRunner): Promise<void> {
    // Seller and buyer are snapshots (jsonb objects) taken at issue: an issued invoice never changes.
    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type_code smallint NOT NULL CHECK (type_code IN (380, 381)),
        corrects_invoice_id uuid REFERENCES invoices (id),
        number text NOT NULL CONSTRAINT invoices_number_key UNIQUE CHECK (number ~ '^PAS-[0-9]{4}-[0-9]{6}$'),
        funder_id uuid NOT NULL REFERENCES organisations (id),
        program_id uuid,
        period_start date NOT NULL,
        period_end date NOT NULL,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        seller jsonb NOT NULL CHECK (jsonb_typeof(seller) = 'object'),
        buyer jsonb NOT NULL CHECK (jsonb_typeof(buyer) = 'object'),
        buyer_is_public boolean NOT NULL,
        buyer_service_code text CHECK (char_length(buyer_service_code) BETWEEN 1 AND 100),
        buyer_commitment_number text CHECK (char_length(buyer_commitment_number) BETWEEN 1 AND 50),
        currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
        total_net_cents bigint NOT NULL CHECK (total_net_cents >= 0),
        total_vat_cents bigint NOT NULL CHECK (total_vat_cents >= 0),
        total_gross_cents bigint NOT NULL CHECK (total_gross_cents >= 0),
        payment_terms text NOT NULL CHECK (char_length(payment_terms) BETWEEN 1 AND 500),
        late_penalty_terms text NOT NULL CHECK (char_length(late_penalty_terms) BETWEEN 1 AND 500),
        recovery_indemnity_cents bigint NOT NULL DEFAULT 4000 CHECK (recovery_indemnity_cents >= 4000),
        payment_iban text,
        payment_reference text,
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'partially_paid', 'paid', 'credited')),
        amount_paid_cents bigint NOT NULL DEFAULT 0 CHECK (amount_paid_cents BETWEEN 0 AND total_gross_cents),
        paid_at timestamptz,
        stripe_payment_intent_id text CONSTRAINT invoices_payment_intent_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_start <= period_end),
        CHECK (due_date >= issue_date),
        CHECK (total_gross_cents = total_net_cents + total_vat_cents),
        CHECK ((type_code = 381) = (corrects_invoice_id IS NOT NULL)),
        CHECK (type_code = 381 OR program_id IS NOT NULL),
        CHECK (NOT buyer_is_public OR buyer ? 'siret'),
        CHECK (
          (status = 'issued' AND amount_paid_cents = 0)
          OR (status = 'partially_paid' AND amount_paid_cents > 0 AND amount_paid_cents < total_gross_cents)
          OR (status = 'paid' AND amount_paid_cents = total_gross_cents AND paid_at IS NOT NULL)
          OR status = 'credited')
      )`);
    // Invariant 4: one invoice per funder, program and period (credit notes are not counted).
    await q.query(`CREATE UNIQUE INDEX invoices_funder_program_period_key ON invoices (funder_id, program_id, period_start)
      WHERE type_code = 380`);
    await q.query('CREATE INDEX invoices_funder_idx ON invoices (funder_id, issue_date DESC)');
    await q.query('CREATE INDEX invoices_corrects_idx ON invoices (corrects_invoice_id) WHERE corrects_invoice_id IS NOT NULL');

    // Out-of-order payment events must never move an invoice back, nor an issued invoice be rewritten.
    await q.query(`
      CREATE FUNCTION invoices_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ranks constant text[] := ARRAY['issued', 'partially_paid', 'paid', 'credited'];
      BEGIN
        IF (NEW.type_code, NEW.corrects_invoice_id, NEW.number, NEW.funder_id, NEW.program_id, NEW.period_start,
            NEW.period_end, NEW.issue_date, NEW.due_date, NEW.seller, NEW.buyer, NEW.buyer_is_public,
            NEW.buyer_service_code, NEW.buyer_commitment_number, NEW.total_net_cents, NEW.total_vat_cents,
            NEW.total_gross_cents, NEW.payment_terms, NEW.late_penalty_terms, NEW.recovery_indemnity_cents)
           IS DISTINCT FROM
           (OLD.type_code, OLD.corrects_invoice_id, OLD.number, OLD.funder_id, OLD.program_id, OLD.period_start,
            OLD.period_end, OLD.issue_date, OLD.due_date, OLD.seller, OLD.buyer, OLD.buyer_is_public,
            OLD.buyer_service_code, OLD.buyer_commitment_number, OLD.total_net_cents, OLD.total_vat_cents,
            OLD.total_gross_cents, OLD.payment_terms, OLD.late_penalty_terms, OLD.recovery_indemnity_cents) THEN
          RAISE EXCEPTION 'invoice % is issued and cannot be rewritten (issue a credit note)', OLD.number
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_immutable';
        END IF;
        IF array_position(ranks, NEW.status) < array_position(ranks, OLD.status) OR NEW.amount_paid_cents < OLD.amount_paid_cents THEN
          RAISE EXCEPTION 'invoice % cannot move back from % to %', OLD.number, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_forward_only';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER invoices_forward_only BEFORE UPDATE ON invoices
      FOR EACH ROW EXECUTE FUNCTION invoices_forward_only()`);
    await q.query(`CREATE TRIGGER invoices_never_deleted BEFORE DELETE ON invoices
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    // Line net amount is exact in cents (quantity x unit price); VAT is computed per category below.
    await q.query(`
      CREATE TABLE invoice_lines (
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        position smallint NOT NULL CHECK (position >= 1),
        description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 300),
        structure_id uuid REFERENCES structures (id),
        procedure_code text REFERENCES procedures (code),
        quantity integer NOT NULL CHECK (quantity >= 1),
        unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
        net_cents bigint NOT NULL,
        vat_category char(1) NOT NULL CHECK (vat_category IN ('S', 'E', 'O')),
        vat_rate_bp integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
        PRIMARY KEY (invoice_id, position),
        CHECK (net_cents = quantity * unit_price_cents),
        CHECK ((vat_category = 'S') = (vat_rate_bp > 0))
      )`);
    // EN 16931 BG-23: one row per VAT category and rate, with the exemption wording when not taxed.
    await q.query(`
      CREATE TABLE invoice_vat_breakdown (
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        vat_category char(1) NOT NULL CHECK (vat_category IN ('S', 'E', 'O')),
        vat_rate_bp integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
        taxable_cents bigint NOT NULL,
        vat_cents bigint NOT NULL,
        exemption_reason text CHECK (char_length(exemption_reason) BETWEEN 1 AND 300),
        exemption_code text CHECK (exemption_code ~ '^VATEX-[A-Z0-9-]+$'),
        PRIMARY KEY (invoice_id, vat_category, vat_rate_bp),
        CHECK ((vat_category = 'S') = (exemption_reason IS NULL)),
        CHECK (vat_category = 'S' OR vat_cents = 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payout_accounts');
    await q.query('DROP TABLE stripe_events');
    await q.query('DROP TABLE invoice_vat_breakdown');
    await q.query('DROP TABLE invoice_lines');
    await q.query('DROP TABLE invoices');
    await q.query('DROP FUNCTION invoices_forward_only');
    await q.query('DROP TABLE invoice_number_counters');
    await q.query('DROP TABLE ledger_entries');
    await q.query('DROP TABLE ledger_journals');
    await q.query('DROP FUNCTION ledger_append_only');
    await q.query('DROP FUNCTION ledger_journal_balanced');
  }
}
