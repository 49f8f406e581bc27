import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationLog1795392000400 implements MigrationInterface {
  name = 'NotificationLog1795392000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key text NOT NULL CONSTRAINT notification_log_dedup_key UNIQUE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        template text NOT NULL,
        recipient_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_log');
  }
}
