import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of places that changed département (a new postcode or INSEE code): a move re-checks
 * the price caps of the place's commercial offers, and this row is what the structure's notice of
 * the offers it suspended refers to (as price_cap_history is for a lowered cap).
 */
export class PlaceDepartementChanges1795392001100 implements MigrationInterface {
  name = 'PlaceDepartementChanges1795392001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE place_departement_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        place_id uuid NOT NULL REFERENCES places (id),
        structure_id uuid NOT NULL REFERENCES structures (id),
        old_departement text NOT NULL,
        new_departement text NOT NULL CHECK (new_departement <> old_departement),
        changed_by uuid NOT NULL REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        suspended_offers integer NOT NULL DEFAULT 0 CHECK (suspended_offers >= 0)
      )`);
    await q.query('CREATE INDEX place_departement_changes_place_idx ON place_departement_changes (place_id, changed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE place_departement_changes');
  }
}
