import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Availability and bookings. Capacity is enforced by PostgreSQL: every booked slot has a row in
 * `slot_occupancy` whose `booked` count is checked against `capacity` (a booking increments it with
 * a conditional upsert, a cancellation decrements it), and one person cannot hold two live bookings
 * of the same slot (partial unique index on the person's key).
 */
export class Booking1795392000800 implements MigrationInterface {
  name = 'Booking1795392000800';

  async up(q: QueryRunner): Promise<void> {
    // Weekly rules in Europe/Paris wall-clock time; slots of the offer's duration are cut from them.
    await q.query(`
      CREATE TABLE opening_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offer_id uuid NOT NULL REFERENCES offers (id),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start_time time NOT NULL,
        end_time time NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100),
        valid_from date,
        valid_until date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (start_time < end_time),
        CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
      )`);
    await q.query('CREATE INDEX opening_rules_offer_idx ON opening_rules (offer_id, weekday)');

    // A closure covers one offer or a whole place (holidays, absences).
    await q.query(`
      CREATE TABLE closures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offer_id uuid REFERENCES offers (id),
        place_id uuid REFERENCES places (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 300),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((offer_id IS NULL) <> (place_id IS NULL)),
        CHECK (starts_at < ends_at)
      )`);
    await q.query('CREATE INDEX closures_offer_idx ON closures (offer_id, starts_at) WHERE offer_id IS NOT NULL');
    await q.query('CREATE INDEX closures_place_idx ON closures (place_id, starts_at) WHERE place_id IS NOT NULL');

    await q.query(`
      CREATE TABLE slot_occupancy (
        offer_id uuid NOT NULL REFERENCES offers (id),
        starts_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 1),
        booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
        PRIMARY KEY (offer_id, starts_at),
        CHECK (booked <= capacity)
      )`);

    await q.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL CONSTRAINT bookings_reference_key UNIQUE,
        offer_id uuid NOT NULL REFERENCES offers (id),
        structure_id uuid NOT NULL REFERENCES structures (id),
        place_id uuid NOT NULL REFERENCES places (id),
        procedure_code text NOT NULL REFERENCES procedures (code),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'completed', 'no_show')),
        pricing_kind text NOT NULL CHECK (pricing_kind IN ('funded', 'commercial')),
        price_cents bigint NOT NULL CHECK (price_cents >= 0),
        beneficiary_user_id uuid REFERENCES users (id),
        beneficiary_name text CHECK (char_length(beneficiary_name) BETWEEN 1 AND 120),
        beneficiary_phone text CHECK (beneficiary_phone ~ '^\\+[0-9]{8,15}$'),
        person_key text NOT NULL,
        booked_by uuid REFERENCES users (id),
        booked_as text NOT NULL CHECK (booked_as IN ('beneficiary', 'prescriber', 'mediator')),
        checklist jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(checklist) = 'array'),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users (id),
        cancel_reason text,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (starts_at < ends_at),
        CHECK (pricing_kind = 'commercial' OR price_cents = 0),
        CHECK (beneficiary_user_id IS NOT NULL OR (beneficiary_name IS NOT NULL AND beneficiary_phone IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        FOREIGN KEY (offer_id, starts_at) REFERENCES slot_occupancy (offer_id, starts_at)
      )`);
    // One live booking per person and slot; a cancelled one frees the place for a new booking.
    await q.query(
      `CREATE UNIQUE INDEX bookings_person_slot_key ON bookings (offer_id, starts_at, person_key) WHERE status <> 'cancelled'`,
    );
    await q.query('CREATE INDEX bookings_structure_day_idx ON bookings (structure_id, starts_at)');
    await q.query('CREATE INDEX bookings_beneficiary_idx ON bookings (beneficiary_user_id, starts_at) WHERE beneficiary_user_id IS NOT NULL');
    await q.query('CREATE INDEX bookings_booked_by_idx ON bookings (booked_by, starts_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['bookings', 'slot_occupancy', 'closures', 'opening_rules']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
