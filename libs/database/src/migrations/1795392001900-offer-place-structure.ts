import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An offer belongs to its place's structure, in PostgreSQL itself: offers (place_id, structure_id)
 * reference places (id, structure_id), so neither an offer written with another structure nor a
 * place moved to another structure under its offers can commit (the open-data import refuses such a
 * move row by row before it gets here; bookings, redemptions and payouts keep the offer's structure).
 */
export class OfferPlaceStructure1795392001900 implements MigrationInterface {
  name = 'OfferPlaceStructure1795392001900';

  async up(q: QueryRunner): Promise<void> {
    // A database the old import already damaged stops here with the offers to fix by hand.
    const [{ offers }] = await q.query(
      'SELECT count(*)::int AS offers FROM offers o JOIN places p ON p.id = o.place_id WHERE p.structure_id <> o.structure_id',
    );
    if (offers > 0) {
      throw new Error(`${offers} offer(s) belong to another structure than their place's: fix them before this migration`);
    }
    await q.query('ALTER TABLE places ADD CONSTRAINT places_id_structure_key UNIQUE (id, structure_id)');
    await q.query(`
      ALTER TABLE offers ADD CONSTRAINT offers_place_structure_fkey
        FOREIGN KEY (place_id, structure_id) REFERENCES places (id, structure_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE offers DROP CONSTRAINT offers_place_structure_fkey');
    await q.query('ALTER TABLE places DROP CONSTRAINT places_id_structure_key');
  }
}
