import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795392000200 implements MigrationInterface {
  name = 'AuditLog1795392000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_roles text[] NOT NULL DEFAULT '{}',
        action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.-]*$'),
        object_type text NOT NULL,
        object_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query('CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id)');
    await q.query('CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at)');
    // Append-only in the database itself, whatever the code does.
    await q.query(`
      CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'P0001';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_log_reject_change()');
  }
}
