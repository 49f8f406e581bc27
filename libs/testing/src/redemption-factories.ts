import type { DataSource, EntityManager } from 'typeorm';
import { redemptionAccrued, type JournalInput } from '@passerelle/billing/ledger';
import { toSafeInteger } from '@passerelle/database';

export interface FactoryRedemption {
  id: string;
  voucherId: string;
  code: string;
  bookingId: string;
  structureId: string;
  redeemedAt: Date;
}

/** Where the vouchers were used. */
export type RedemptionSite =
  /** Completed bookings, one per code, in the same order: structure, procedure and département are the booking's (its place's), as RedemptionService takes them. */
  | { bookingIds: string[] }
  /** No booking rows (for tests that never read them): each redemption gets a booking id of its own that points nowhere. */
  | { structureId: string; procedureCode: string; departement?: string };

interface RedeemedRow {
  id: string;
  voucher_id: string;
  code: string;
  booking_id: string;
  structure_id: string;
  funder_id: string;
  face_value_cents: string;
  redeemed_at: Date;
}

/**
 * Redeems these issued (or assigned) vouchers by SQL, set-based, as RedemptionService records a
 * redemption: the voucher 'redeemed', its redemption row (the beneficiary key as eligibility.ts
 * derives it) and, in the same transaction, the accrual journal that journals.ts `redemptionAccrued`
 * builds for it, so that the ledger is what production leaves (the reconciliation finds nothing).
 * Throws when a voucher is not redeemable or a booking is missing.
 */
export async function redeemVouchers(
  dataSource: DataSource,
  options: { codes: string[]; on: RedemptionSite; redeemedBy: string; redeemedAt?: Date | string },
): Promise<FactoryRedemption[]> {
  const { codes, on } = options;
  const bookingIds = 'bookingIds' in on ? on.bookingIds : codes.map(() => null);
  if (bookingIds.length !== codes.length) throw new Error(`${codes.length} codes for ${bookingIds.length} bookings`);
  const site = 'bookingIds' in on ? null : { ...on, departement: on.departement ?? '33' };
  return dataSource.transaction(async (tx) => {
    const rows: RedeemedRow[] = await tx.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::uuid[]) AS w (code, booking_id)),
       redeemed AS (
         UPDATE vouchers v SET status = 'redeemed', updated_at = now() FROM wanted w
          WHERE v.code = w.code AND v.status IN ('issued', 'assigned')
         RETURNING v.id, v.code, v.program_id, v.face_value_cents, w.booking_id),
       inserted AS (
         INSERT INTO voucher_redemptions (voucher_id, program_id, booking_id, structure_id, procedure_code, departement,
           beneficiary_key, face_value_cents, idempotency_key, redeemed_by, redeemed_at)
         SELECT r.id, r.program_id, coalesce(b.id, gen_random_uuid()), coalesce(b.structure_id, $3), coalesce(b.procedure_code, $4),
                coalesce(p.departement, $5),
                CASE WHEN coalesce(a.beneficiary_user_id, b.beneficiary_user_id) IS NOT NULL
                     THEN 'user:' || coalesce(a.beneficiary_user_id, b.beneficiary_user_id) ELSE 'phone:' || a.beneficiary_phone END,
                r.face_value_cents, gen_random_uuid()::text, $6, coalesce($7::timestamptz, now())
           FROM redeemed r
           LEFT JOIN voucher_assignments a ON a.voucher_id = r.id
           LEFT JOIN bookings b ON b.id = r.booking_id
           LEFT JOIN places p ON p.id = b.place_id
          WHERE r.booking_id IS NULL OR b.id IS NOT NULL
         RETURNING id, voucher_id, program_id, booking_id, structure_id, face_value_cents, redeemed_at)
       SELECT i.id, i.voucher_id, r.code, i.booking_id, i.structure_id, vp.funder_id, i.face_value_cents, i.redeemed_at
         FROM inserted i JOIN redeemed r ON r.id = i.voucher_id JOIN voucher_programs vp ON vp.id = i.program_id`,
      [codes, bookingIds, site?.structureId ?? null, site?.procedureCode ?? null, site?.departement ?? null, options.redeemedBy, options.redeemedAt ?? null],
    );
    if (rows.length !== codes.length) {
      throw new Error(`${codes.length - rows.length} of ${codes.length} vouchers not redeemable, or their booking missing`);
    }
    await postJournals(
      tx,
      rows.map((row) =>
        redemptionAccrued({
          redemptionId: row.id,
          funderId: row.funder_id,
          structureId: row.structure_id,
          amountCents: toSafeInteger(row.face_value_cents),
          occurredAt: row.redeemed_at,
        }),
      ),
    );
    return rows.map((row) => ({
      id: row.id,
      voucherId: row.voucher_id,
      code: row.code,
      bookingId: row.booking_id,
      structureId: row.structure_id,
      redeemedAt: row.redeemed_at,
    }));
  });
}

/**
 * Writes journals as Ledger.post does (journal row, then its entries), all in two statements: a
 * test may redeem thousands of vouchers. PostgreSQL's deferred trigger still refuses an unbalanced one.
 */
async function postJournals(tx: EntityManager, journals: JournalInput[]): Promise<void> {
  const entries = journals.flatMap((journal) => journal.entries.map((entry) => ({ eventKey: journal.eventKey, ...entry })));
  await tx.query(
    `WITH journals AS (
       INSERT INTO ledger_journals (kind, event_key, description, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) RETURNING id, event_key)
     INSERT INTO ledger_entries (journal_id, account, party_id, amount_cents)
     SELECT j.id, e.account, e.party_id, e.amount_cents
       FROM unnest($5::text[], $6::text[], $7::uuid[], $8::bigint[]) AS e (event_key, account, party_id, amount_cents)
       JOIN journals j ON j.event_key = e.event_key`,
    [
      journals.map((journal) => journal.kind),
      journals.map((journal) => journal.eventKey),
      journals.map((journal) => journal.description),
      journals.map((journal) => journal.occurredAt),
      entries.map((entry) => entry.eventKey),
      entries.map((entry) => entry.account),
      entries.map((entry) => entry.partyId ?? null),
      entries.map((entry) => String(entry.amountCents)),
    ],
  );
}
