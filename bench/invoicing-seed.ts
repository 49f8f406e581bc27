import { Client } from 'pg';

export interface InvoicingScale {
  vouchers: number;
  programs: number;
  structures: number;
}

/** The month invoiced, and an instant inside it (Europe/Paris). */
export const BENCH_PERIOD = '2026-10';
const PERIOD_START = '2026-10-01T00:00:00+02:00';

/** Structures per program (a département's venues) and procedures used: ~100 invoice lines per invoice. */
const STRUCTURES_PER_PROGRAM = 20;
const PROCEDURES = 5;

/**
 * Set-based (generate_series) seed of `vouchers` redeemed vouchers: one funder per program, each
 * program's vouchers contiguous (issued in batches), redeemed in October 2026 (redemptions written in
 * time order, programs mixed) at one of its program's 20 structures for one of 5 procedures, each
 * with its accrual journal, as RedemptionService writes them. Triggers are off for
 * the seed (session_replication_role = replica): the data is built consistent, and checking 3 million
 * ledger rows one by one would only slow the seed. Then VACUUM ANALYZE, as a live database would be.
 */
export async function seedRedeemedVouchers(url: string, scale: InvoicingScale): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const step = async (sql: string, params: unknown[] = []) => client.query(sql, params);
  try {
    await step("SET session_replication_role = 'replica'");
    await step('BEGIN');
    const admin = (
      await step(`INSERT INTO users (email, password_hash, display_name, roles, status)
                  VALUES ('admin@bench.passerelle.local', 'x', 'Admin', '{admin}', 'active') RETURNING id`)
    ).rows[0].id as string;
    await step(`CREATE TEMP TABLE bench_funders ON COMMIT DROP AS
      SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) g`, [scale.programs]);
    await step(`INSERT INTO organisations (id, kind, name) SELECT id, 'funder', 'Financeur ' || n FROM bench_funders`);
    await step(`INSERT INTO funders (id, legal_name, siret, sector, billing_address)
      SELECT id, 'Financeur ' || n, lpad((22000000000000 + n)::text, 14, '0'), 'public', n || ' place de la Mairie' FROM bench_funders`);
    await step(`CREATE TEMP TABLE bench_programs ON COMMIT DROP AS
      SELECT f.n, gen_random_uuid() AS id, gen_random_uuid() AS batch_id, f.id AS funder_id, 500 + (f.n % 4) * 500 AS face FROM bench_funders f`);
    await step(
      `INSERT INTO voucher_programs (id, funder_id, name, face_value_cents, budget_cents, issued_cents, valid_from, valid_until,
         redeemable_from, redeemable_until, operator_rate_bp, created_by)
       SELECT id, funder_id, 'Programme ' || n, face, face * ($1::int / $2::int + 1), face * ($1::int / $2::int + 1),
         '2026-01-01', '2027-12-31', '2026-01-01', '2028-01-01', 300 + (n % 5) * 50, $3 FROM bench_programs`,
      [scale.vouchers, scale.programs, admin],
    );
    await step(`INSERT INTO voucher_batches (id, program_id, size, created_by) SELECT batch_id, id, 5000, $1 FROM bench_programs`, [admin]);
    await step(`CREATE TEMP TABLE bench_structures ON COMMIT DROP AS
      SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) g`, [scale.structures]);
    await step(`INSERT INTO organisations (id, kind, name) SELECT id, 'structure', 'Structure ' || n FROM bench_structures`);
    await step(`INSERT INTO structures (id, name, siret) SELECT id, 'Structure ' || n, lpad((73000000000000 + n)::text, 14, '0') FROM bench_structures`);
    const procedures = (await step('SELECT array_agg(code ORDER BY code) AS codes FROM (SELECT code FROM procedures ORDER BY code LIMIT $1) p', [PROCEDURES]))
      .rows[0].codes as string[];

    // Voucher g: program g / per (vouchers are issued in batches, so a program's are contiguous), j = g mod per its rank
    // → structure j mod 20 of the program's pool, procedure (j / 20) mod 5. Redemptions are written in time order, mixed.
    const per = Math.ceil(scale.vouchers / scale.programs);
    await step(
      `CREATE TEMP TABLE bench_vouchers ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS redemption_id, gen_random_uuid() AS journal_id, g,
              p.id AS program_id, p.batch_id, p.funder_id, p.face,
              s.id AS structure_id, ($4::text[])[1 + (g % $2::int / ${STRUCTURES_PER_PROGRAM}) % ${PROCEDURES}] AS procedure_code,
              $5::timestamptz + ((g::bigint * 7919) % (30 * 86400)) * interval '1 second' AS redeemed_at
         FROM generate_series(0, $1::int - 1) g
         JOIN bench_programs p ON p.n = g / $2::int
         JOIN bench_structures s ON s.n = (p.n * 10 + (g % $2::int) % ${STRUCTURES_PER_PROGRAM}) % $3::int`,
      [scale.vouchers, per, scale.structures, procedures, PERIOD_START],
    );
    // Codes: the voucher's number in hex, written with 16 letters of the code alphabet (unique, well-formed).
    await step(`INSERT INTO vouchers (id, code, program_id, batch_id, face_value_cents, status)
      SELECT id, translate(upper(lpad(to_hex(g), 12, '0')), '0123456789ABCDEF', '23456789ABCDEFGH'), program_id, batch_id, face, 'redeemed'
        FROM bench_vouchers`);
    await step(
      `INSERT INTO voucher_redemptions (id, voucher_id, program_id, booking_id, structure_id, procedure_code, departement, face_value_cents,
         idempotency_key, redeemed_by, redeemed_at)
       SELECT redemption_id, id, program_id, gen_random_uuid(), structure_id, procedure_code, '33', face, 'bench-' || g, $1, redeemed_at
         FROM bench_vouchers ORDER BY redeemed_at`,
      [admin],
    );
    await step(`INSERT INTO ledger_journals (id, kind, event_key, description, occurred_at)
      SELECT journal_id, 'redemption_accrued', 'redemption:' || redemption_id, 'Pass utilisé', redeemed_at FROM bench_vouchers`);
    await step(`INSERT INTO ledger_entries (journal_id, account, party_id, amount_cents)
      SELECT journal_id, 'funder_unbilled', funder_id, face FROM bench_vouchers
      UNION ALL SELECT journal_id, 'structure_payable', structure_id, -face FROM bench_vouchers`);
    await step('COMMIT');
    await step("SET session_replication_role = 'origin'");
    await step('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
