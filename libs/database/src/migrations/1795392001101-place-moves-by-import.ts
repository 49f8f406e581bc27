import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A place moved by an open-data re-import has no person behind the change: changed_by is then null. */
export class PlaceMovesByImport1795392001101 implements MigrationInterface {
  name = 'PlaceMovesByImport1795392001101';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE place_departement_changes ALTER COLUMN changed_by DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM place_departement_changes WHERE changed_by IS NULL');
    await q.query('ALTER TABLE place_departement_changes ALTER COLUMN changed_by SET NOT NULL');
  }
}
