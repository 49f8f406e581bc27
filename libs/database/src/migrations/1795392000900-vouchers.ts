import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voucher passes. PostgreSQL guarantees the money invariants:
 * - a program never issues past its budget: `issued_cents` is raised by a conditional update under
 *   the program's row lock, and CHECK (issued_cents <= budget_cents) backs it;
 * - a voucher is redeemed at most once: a partial unique index on the live redemption of a voucher
 *   (an undone redemption frees it), plus the conditional status update;
 * - an Idempotency-Key is stored with the redemption it produced, unique per structure.
 */
export class Vouchers1795392000900 implements MigrationInterface {
  name = 'Vouchers1795392000900';

  async up(q: QueryRunner): Promise<void> {
    // A funder is the organisation (kind 'funder') its finance staff and prescribers are members of.
    await q.query(`
      CREATE TABLE funders (
        id uuid PRIMARY KEY REFERENCES organisations (id),
        legal_name text NOT NULL CHECK (char_length(legal_name) BETWEEN 1 AND 200),
        siret char(14) NOT NULL CONSTRAINT funders_siret_key UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
        sector text NOT NULL CHECK (sector IN ('public', 'private')),
        billing_address text NOT NULL CHECK (char_length(billing_address) BETWEEN 1 AND 500),
        chorus_service_code text CHECK (char_length(chorus_service_code) BETWEEN 1 AND 100),
        chorus_commitment_number text CHECK (char_length(chorus_commitment_number) BETWEEN 1 AND 50),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (sector = 'public' OR (chorus_service_code IS NULL AND chorus_commitment_number IS NULL))
      )`);

    // Validity is in Europe/Paris days; redeemable_* are the instants computed from them at creation.
    await q.query(`
      CREATE TABLE voucher_programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funder_id uuid NOT NULL REFERENCES funders (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        face_value_cents bigint NOT NULL CHECK (face_value_cents > 0),
        budget_cents bigint NOT NULL CHECK (budget_cents > 0),
        issued_cents bigint NOT NULL DEFAULT 0 CHECK (issued_cents >= 0),
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        grace_days integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 366),
        redeemable_from timestamptz NOT NULL,
        redeemable_until timestamptz NOT NULL,
        eligible_procedures text[] NOT NULL DEFAULT '{}',
        eligible_categories text[] NOT NULL DEFAULT '{}',
        eligible_departements text[] NOT NULL DEFAULT '{}',
        required_credentials text[] NOT NULL DEFAULT '{}',
        -- The operator's fee as a rate of the face value, in basis points (400 = 4 %).
        operator_rate_bp integer NOT NULL CHECK (operator_rate_bp BETWEEN 0 AND 10000),
        per_beneficiary_limit integer CHECK (per_beneficiary_limit > 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (issued_cents <= budget_cents),
        CHECK (valid_from <= valid_until),
        CHECK (redeemable_from < redeemable_until)
      )`);
    await q.query('CREATE INDEX voucher_programs_funder_idx ON voucher_programs (funder_id)');

    await q.query(`
      CREATE TABLE voucher_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES voucher_programs (id),
        size integer NOT NULL CHECK (size BETWEEN 1 AND 5000),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX voucher_batches_program_idx ON voucher_batches (program_id)');

    // invoice_id is set by billing (no FK yet: its table comes with billing) exactly when invoiced or paid.
    await q.query(`
      CREATE TABLE vouchers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code char(12) NOT NULL CONSTRAINT vouchers_code_key UNIQUE CHECK (code ~ '^[2-9A-HJ-NP-Z]{12}$'),
        program_id uuid NOT NULL REFERENCES voucher_programs (id),
        batch_id uuid NOT NULL REFERENCES voucher_batches (id),
        face_value_cents bigint NOT NULL CHECK (face_value_cents > 0),
        status text NOT NULL DEFAULT 'issued' CHECK (
          status IN ('issued', 'assigned', 'redeemed', 'invoiced', 'paid', 'expired', 'cancelled')
        ),
        invoice_id uuid,
        expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status IN ('invoiced', 'paid')) = (invoice_id IS NOT NULL)),
        CHECK ((status = 'expired') = (expired_at IS NOT NULL))
      )`);
    await q.query('CREATE INDEX vouchers_batch_idx ON vouchers (batch_id)');
    await q.query('CREATE INDEX vouchers_program_status_idx ON vouchers (program_id, status)');
    // The expiry sweep walks only vouchers that can still expire.
    await q.query(`CREATE INDEX vouchers_live_idx ON vouchers (program_id, id) WHERE status IN ('issued', 'assigned')`);

    await q.query(`
      CREATE TABLE voucher_assignments (
        voucher_id uuid PRIMARY KEY REFERENCES vouchers (id),
        assigned_by uuid NOT NULL REFERENCES users (id),
        beneficiary_user_id uuid REFERENCES users (id),
        beneficiary_name text CHECK (char_length(beneficiary_name) BETWEEN 1 AND 120),
        beneficiary_phone text CHECK (beneficiary_phone ~ '^\\+[0-9]{8,15}$'),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        CHECK (beneficiary_user_id IS NOT NULL OR (beneficiary_name IS NOT NULL AND beneficiary_phone IS NOT NULL))
      )`);
    await q.query('CREATE INDEX voucher_assignments_by_idx ON voucher_assignments (assigned_by, assigned_at)');

    // booking_id points at booking's table by id only: this context reads bookings through BookingLookupService.
    await q.query(`
      CREATE TABLE voucher_redemptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        voucher_id uuid NOT NULL REFERENCES vouchers (id),
        program_id uuid NOT NULL REFERENCES voucher_programs (id),
        booking_id uuid NOT NULL,
        structure_id uuid NOT NULL REFERENCES structures (id),
        procedure_code text NOT NULL,
        departement text NOT NULL,
        beneficiary_key text,
        face_value_cents bigint NOT NULL CHECK (face_value_cents > 0),
        idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
        redeemed_by uuid NOT NULL REFERENCES users (id),
        redeemed_at timestamptz NOT NULL DEFAULT now(),
        undone_by uuid REFERENCES users (id),
        undone_at timestamptz,
        CHECK ((undone_at IS NULL) = (undone_by IS NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX voucher_redemptions_voucher_key ON voucher_redemptions (voucher_id) WHERE undone_at IS NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX voucher_redemptions_booking_key ON voucher_redemptions (booking_id) WHERE undone_at IS NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX voucher_redemptions_idempotency_key ON voucher_redemptions (structure_id, idempotency_key)',
    );
    await q.query('CREATE INDEX voucher_redemptions_program_idx ON voucher_redemptions (program_id, redeemed_at)');
    await q.query(
      'CREATE INDEX voucher_redemptions_beneficiary_idx ON voucher_redemptions (program_id, beneficiary_key) WHERE undone_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['voucher_redemptions', 'voucher_assignments', 'vouchers', 'voucher_batches', 'voucher_programs', 'funders']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
