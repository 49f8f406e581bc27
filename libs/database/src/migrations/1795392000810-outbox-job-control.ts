import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox messages that control a job rather than only add one: a chosen (deterministic) BullMQ job
 * id, a start time for delayed jobs, and a 'remove' operation, so that scheduling and unscheduling
 * both follow the commit of the change that caused them.
 */
export class OutboxJobControl1795392000810 implements MigrationInterface {
  name = 'OutboxJobControl1795392000810';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        ADD COLUMN operation text NOT NULL DEFAULT 'add' CHECK (operation IN ('add', 'remove')),
        ADD COLUMN job_id text CHECK (job_id ~ '^[A-Za-z0-9_.-]{1,200}$'),
        ADD COLUMN run_at timestamptz,
        ADD CONSTRAINT outbox_remove_needs_job_id CHECK (operation = 'add' OR job_id IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox DROP CONSTRAINT outbox_remove_needs_job_id, DROP COLUMN run_at, DROP COLUMN job_id, DROP COLUMN operation');
  }
}
