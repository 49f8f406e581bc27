import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voucher lifecycle updates (assigned, redeemed, invoiced, paid) become HOT updates: no index names
 * a column they change, so PostgreSQL rewrites the row in place on its page instead of adding an
 * entry to every index of the table (the invoicing run moves a month of vouchers at once).
 * - `live` is computed by PostgreSQL from the status; the live-voucher index filters on it, so moving
 *   a redeemed voucher to invoiced (live stays false) no longer touches that index.
 * - The (program_id, status) index becomes (program_id): per-program status counts read the rows.
 * - Pages keep 20 % free room for the new versions.
 * - The vouchers→invoices key may be checked at the end of a transaction, so that the invoicing run
 *   can move the vouchers before it numbers their invoice (the number's counter lock is then held for
 *   less time: concurrent runs of different programs wait less for each other).
 */
export class HotVoucherLifecycle1795392001800 implements MigrationInterface {
  name = 'HotVoucherLifecycle1795392001800';

  async up(q: QueryRunner): Promise<void> {
    // Set before the column is added: adding a stored column rewrites the table, with the new fill.
    await q.query('ALTER TABLE vouchers SET (fillfactor = 80)');
    await q.query(`ALTER TABLE vouchers ADD COLUMN live boolean GENERATED ALWAYS AS (status IN ('issued', 'assigned')) STORED`);
    await q.query('DROP INDEX vouchers_live_idx');
    await q.query('CREATE INDEX vouchers_live_idx ON vouchers (program_id, id) WHERE live');
    await q.query('DROP INDEX vouchers_program_status_idx');
    await q.query('CREATE INDEX vouchers_program_idx ON vouchers (program_id)');
    await q.query('ALTER TABLE vouchers ALTER CONSTRAINT vouchers_invoice_fkey DEFERRABLE INITIALLY IMMEDIATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vouchers ALTER CONSTRAINT vouchers_invoice_fkey NOT DEFERRABLE');
    await q.query('ALTER TABLE vouchers RESET (fillfactor)');
    await q.query('DROP INDEX vouchers_program_idx');
    await q.query('CREATE INDEX vouchers_program_status_idx ON vouchers (program_id, status)');
    await q.query('DROP INDEX vouchers_live_idx');
    await q.query(`CREATE INDEX vouchers_live_idx ON vouchers (program_id, id) WHERE status IN ('issued', 'assigned')`);
    await q.query('ALTER TABLE vouchers DROP COLUMN live');
  }
}
