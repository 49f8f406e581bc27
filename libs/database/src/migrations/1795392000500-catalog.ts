import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supply side: procedures, structures, places, credentials, offers and price caps.
 * Places follow the national "lieux de médiation numérique" standard v1.0.2 (same enum strings),
 * plus our own fields. Distance search uses the stock contrib extensions cube + earthdistance
 * (a GiST index on ll_to_earth), so no PostGIS is needed.
 */
export class Catalog1795392000500 implements MigrationInterface {
  name = 'Catalog1795392000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS cube');
    await q.query('CREATE EXTENSION IF NOT EXISTS earthdistance');

    await q.query(`
      CREATE TABLE procedure_categories (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,40}$'),
        label text NOT NULL,
        position integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE procedures (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,80}$'),
        category_code text NOT NULL REFERENCES procedure_categories (code),
        title text NOT NULL,
        summary text NOT NULL,
        official_url text NOT NULL,
        typical_duration_minutes integer NOT NULL CHECK (typical_duration_minutes BETWEEN 5 AND 480),
        documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array')
      )`);
    await q.query('CREATE INDEX procedures_category_idx ON procedures (category_code)');

    // A structure is the organisation (kind 'structure') its mediators are members of.
    await q.query(`
      CREATE TABLE structures (
        id uuid PRIMARY KEY REFERENCES organisations (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        siret char(14) CONSTRAINT structures_siret_key UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
        rna char(10) CONSTRAINT structures_rna_key UNIQUE CHECK (rna ~ '^W[0-9A-Z][0-9]{8}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (siret IS NOT NULL OR rna IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE places (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structures (id),
        open_data_id text CONSTRAINT places_open_data_id_key UNIQUE CHECK (char_length(open_data_id) BETWEEN 1 AND 200),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        address text NOT NULL CHECK (char_length(address) BETWEEN 1 AND 300),
        address_complement text,
        postcode char(5) NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
        commune text NOT NULL CHECK (char_length(commune) BETWEEN 1 AND 120),
        insee_code char(5) CHECK (insee_code ~ '^([0-9]{5}|2[AB][0-9]{3})$'),
        departement text NOT NULL CHECK (departement ~ '^([0-9]{2}|2[AB]|97[1-8])$'),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        opening_hours text,
        accessibility_notes text,
        modalities text[] NOT NULL DEFAULT '{}' CHECK (
          modalities <@ ARRAY['on_site', 'phone', 'video', 'at_home', 'itinerant']::text[]
        ),
        phone text,
        emails text[] NOT NULL DEFAULT '{}',
        websites text[] NOT NULL DEFAULT '{}',
        typologies text[] NOT NULL DEFAULT '{}',
        services text[] NOT NULL DEFAULT '{}',
        publics text[] NOT NULL DEFAULT '{}',
        specific_support text[] NOT NULL DEFAULT '{}',
        fees text[] NOT NULL DEFAULT '{}',
        national_programmes text[] NOT NULL DEFAULT '{}',
        training_labels text[] NOT NULL DEFAULT '{}',
        other_labels text[] NOT NULL DEFAULT '{}',
        access_modes text[] NOT NULL DEFAULT '{}',
        support_modes text[] NOT NULL DEFAULT '{}',
        itinerance text[] NOT NULL DEFAULT '{}',
        summary text CHECK (char_length(summary) <= 280),
        description text,
        source text,
        parent_structure text,
        accessibility_url text,
        booking_url text,
        updated_on date NOT NULL DEFAULT current_date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query('CREATE INDEX places_structure_idx ON places (structure_id)');
    await q.query('CREATE INDEX places_postcode_idx ON places (postcode)');
    await q.query('CREATE INDEX places_insee_idx ON places (insee_code)');
    await q.query('CREATE INDEX places_earth_idx ON places USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL');

    await q.query(`
      CREATE TABLE credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structures (id),
        kind text NOT NULL CHECK (
          kind IN ('aptic', 'france_services', 'conseiller_numerique', 'aidants_connect', 'siv_habilitation')
        ),
        evidence text NOT NULL CHECK (char_length(evidence) BETWEEN 1 AND 500),
        expires_on date,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'revoked')),
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        decision_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status = 'pending' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
        CHECK (status NOT IN ('rejected', 'revoked') OR decision_reason IS NOT NULL)
      )`);
    await q.query('CREATE INDEX credentials_structure_idx ON credentials (structure_id, status)');

    await q.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structures (id),
        place_id uuid NOT NULL REFERENCES places (id),
        procedure_code text NOT NULL REFERENCES procedures (code),
        modality text NOT NULL CHECK (modality IN ('on_site', 'phone', 'video', 'at_home', 'itinerant')),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        pricing_kind text NOT NULL CHECK (pricing_kind IN ('funded', 'commercial')),
        price_cents bigint CHECK (price_cents > 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'suspended_over_cap')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((pricing_kind = 'funded') = (price_cents IS NULL)),
        CHECK (status <> 'suspended_over_cap' OR pricing_kind = 'commercial')
      )`);
    await q.query('CREATE INDEX offers_place_idx ON offers (place_id)');
    await q.query('CREATE INDEX offers_structure_idx ON offers (structure_id)');
    await q.query('CREATE INDEX offers_procedure_idx ON offers (procedure_code, status)');

    // The cap in force per (procedure, département); a NULL département is the national cap.
    await q.query(`
      CREATE TABLE price_caps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procedure_code text NOT NULL REFERENCES procedures (code),
        departement text CHECK (departement ~ '^([0-9]{2}|2[AB]|97[1-8])$'),
        max_price_cents bigint NOT NULL CHECK (max_price_cents > 0),
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
        set_by uuid NOT NULL REFERENCES users (id),
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX price_caps_scope_key ON price_caps (procedure_code, coalesce(departement, ''))`,
    );
    await q.query(`
      CREATE TABLE price_cap_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procedure_code text NOT NULL REFERENCES procedures (code),
        departement text,
        old_max_price_cents bigint,
        new_max_price_cents bigint NOT NULL,
        reason text NOT NULL,
        set_by uuid NOT NULL REFERENCES users (id),
        set_at timestamptz NOT NULL DEFAULT now(),
        suspended_offers integer NOT NULL DEFAULT 0
      )`);
    await q.query('CREATE INDEX price_cap_history_scope_idx ON price_cap_history (procedure_code, departement, set_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['price_cap_history', 'price_caps', 'offers', 'credentials', 'places', 'structures', 'procedures', 'procedure_categories']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP EXTENSION IF EXISTS earthdistance');
    await q.query('DROP EXTENSION IF EXISTS cube');
  }
}
