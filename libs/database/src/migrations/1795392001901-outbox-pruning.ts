import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The pruning job deletes relayed messages oldest first: it finds them by this index. */
export class OutboxPruning1795392001901 implements MigrationInterface {
  name = 'OutboxPruning1795392001901';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX outbox_published_idx');
  }
}
