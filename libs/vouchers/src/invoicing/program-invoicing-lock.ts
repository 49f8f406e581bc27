import type { EntityManager } from 'typeorm';

/** Advisory lock class ('INVC') of a program whose vouchers are being invoiced. */
const INVOICING_LOCK_CLASS = 0x494e5643;

/**
 * Taken by the invoicing of a program, until its transaction ends: two runs of one program take
 * turns (the second then finds nothing left) rather than locking the same vouchers in different
 * orders, and no redemption of the program is undone while its vouchers move to the invoice.
 */
export async function lockProgramForInvoicing(manager: EntityManager, programId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INVOICING_LOCK_CLASS, programId]);
}

/**
 * Taken (shared) by an undo before it locks its redemption, on the redemption's program: it waits for
 * an invoicing of the program in progress. False when there is no such redemption.
 */
export async function holdRedemptionProgramAgainstInvoicing(manager: EntityManager, redemptionId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'SELECT pg_advisory_xact_lock_shared($1, hashtext(program_id::text)) FROM voucher_redemptions WHERE id = $2',
    [INVOICING_LOCK_CLASS, redemptionId],
  );
  return rows.length > 0;
}
