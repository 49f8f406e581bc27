import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795392000100 implements MigrationInterface {
  name = 'Identity1795392000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('structure', 'funder')),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL CONSTRAINT users_email_key UNIQUE CHECK (char_length(email) BETWEEN 3 AND 254),
        password_hash text NOT NULL,
        display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 120),
        roles text[] NOT NULL CHECK (
          cardinality(roles) >= 1
          AND roles <@ ARRAY['beneficiary', 'prescriber', 'mediator', 'funder', 'admin']::text[]
        ),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE memberships (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, organisation_id)
      )`);
    await q.query('CREATE INDEX memberships_organisation_idx ON memberships (organisation_id)');
    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query('CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id)');
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Rotation can never fork a session: at most one unused refresh token per session.
    await q.query(
      'CREATE UNIQUE INDEX refresh_tokens_one_live_per_session ON refresh_tokens (session_id) WHERE used_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE refresh_tokens');
    await q.query('DROP TABLE auth_sessions');
    await q.query('DROP TABLE memberships');
    await q.query('DROP TABLE users');
    await q.query('DROP TABLE organisations');
  }
}
