import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FoundationExtensions1795392000000 implements MigrationInterface {
  name = 'FoundationExtensions1795392000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS citext');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP EXTENSION IF EXISTS citext');
  }
}
