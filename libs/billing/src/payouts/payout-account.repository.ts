import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PayoutAccountRow {
  structure_id: string;
  stripe_account_id: string | null;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  requirements_due: string[];
  disabled_reason: string | null;
  state_as_of: Date | null;
}

export interface AccountState {
  stripeAccountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirementsDue: string[];
  disabledReason: string | null;
  asOf: Date;
}

/** Transfers can be sent to the account: created, details submitted, payouts enabled by Stripe. */
export function isPayoutAccountReady(row: Pick<PayoutAccountRow, 'stripe_account_id' | 'payouts_enabled' | 'details_submitted'> | null): boolean {
  return Boolean(row?.stripe_account_id && row.payouts_enabled && row.details_submitted);
}

const COLUMNS = 'structure_id, stripe_account_id, charges_enabled, payouts_enabled, details_submitted, requirements_due, disabled_reason, state_as_of';

@Injectable()
export class PayoutAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The structure's row, created empty if needed, locked until the caller's transaction ends. */
  async lockOrCreate(manager: EntityManager, structureId: string): Promise<PayoutAccountRow> {
    await manager.query('INSERT INTO payout_accounts (structure_id) VALUES ($1) ON CONFLICT (structure_id) DO NOTHING', [structureId]);
    const rows: PayoutAccountRow[] = await manager.query(`SELECT ${COLUMNS} FROM payout_accounts WHERE structure_id = $1 FOR UPDATE`, [
      structureId,
    ]);
    return rows[0]!;
  }

  async setStripeAccount(manager: EntityManager, structureId: string, stripeAccountId: string): Promise<void> {
    await manager.query('UPDATE payout_accounts SET stripe_account_id = $2, updated_at = now() WHERE structure_id = $1', [
      structureId,
      stripeAccountId,
    ]);
  }

  async find(structureId: string, manager?: EntityManager): Promise<PayoutAccountRow | null> {
    const rows: PayoutAccountRow[] = await (manager ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM payout_accounts WHERE structure_id = $1`, [
      structureId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The structures' rows, share-locked until the caller's transaction ends: an account.updated being
   * applied meanwhile waits, then sees the lines written under this lock.
   */
  async shareLock(manager: EntityManager, structureIds: string[]): Promise<Map<string, PayoutAccountRow>> {
    const rows: PayoutAccountRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM payout_accounts WHERE structure_id = ANY($1::uuid[]) ORDER BY structure_id FOR SHARE`,
      [structureIds],
    );
    return new Map(rows.map((row) => [row.structure_id, row]));
  }

  async structureOfAccount(manager: EntityManager, stripeAccountId: string): Promise<PayoutAccountRow | null> {
    const rows: PayoutAccountRow[] = await manager.query(`SELECT ${COLUMNS} FROM payout_accounts WHERE stripe_account_id = $1`, [stripeAccountId]);
    return rows[0] ?? null;
  }

  /**
   * Applies a state seen at `asOf` unless a later one is already stored. Returns 'applied', 'stale'
   * (an older event arriving late) or 'unknown_account' (not one of ours).
   */
  async applyState(manager: EntityManager, state: AccountState): Promise<'applied' | 'stale' | 'unknown_account'> {
    const updated: unknown[] = await manager.query(
      `WITH applied AS (
         UPDATE payout_accounts
            SET charges_enabled = $2, payouts_enabled = $3, details_submitted = $4, requirements_due = $5,
                disabled_reason = $6, state_as_of = $7, updated_at = now()
          WHERE stripe_account_id = $1 AND (state_as_of IS NULL OR state_as_of <= $7)
          RETURNING structure_id)
       SELECT structure_id FROM applied`,
      [state.stripeAccountId, state.chargesEnabled, state.payoutsEnabled, state.detailsSubmitted, state.requirementsDue, state.disabledReason, state.asOf],
    );
    if (updated.length > 0) return 'applied';
    const known: unknown[] = await manager.query('SELECT 1 FROM payout_accounts WHERE stripe_account_id = $1', [state.stripeAccountId]);
    return known.length > 0 ? 'stale' : 'unknown_account';
  }
}
