import { hash } from '@node-rs/argon2';
import { Client } from 'pg';
import { generateCode } from '@passerelle/vouchers';

export const BENCH_EMAIL = 'mediator@bench.passerelle.local';
export const BENCH_PASSWORD = 'bench password';

export interface RedeemTarget {
  code: string;
  bookingId: string;
}

/**
 * One funder, one program (APTIC required, Gironde only), one labelled structure with a place, an
 * offer and a mediator, then `perServer` completed bookings and issued vouchers for each of the two
 * servers: every request redeems a distinct code against a distinct booking.
 */
export async function seedRedemptions(url: string, perServer: number): Promise<{ api: RedeemTarget[]; bare: RedeemTarget[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const passwordHash = await hash(BENCH_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
    const funder = await one(`INSERT INTO organisations (kind, name) VALUES ('funder', 'Département bench') RETURNING id`);
    await client.query(
      `INSERT INTO funders (id, legal_name, siret, sector, billing_address) VALUES ($1, 'Département bench', '22330001300016', 'public', 'Bordeaux')`,
      [funder.id],
    );
    const structure = await one(`INSERT INTO organisations (kind, name) VALUES ('structure', 'EPN bench') RETURNING id`);
    await client.query(`INSERT INTO structures (id, name, siret) VALUES ($1, 'EPN bench', '73282932000074')`, [structure.id]);
    const user = await one(
      `INSERT INTO users (email, password_hash, display_name, roles, status) VALUES ($1, $2, 'Médiatrice', '{mediator}', 'active') RETURNING id`,
      [BENCH_EMAIL, passwordHash],
    );
    await client.query('INSERT INTO memberships (user_id, organisation_id) VALUES ($1, $2)', [user.id, structure.id]);
    await client.query(
      `INSERT INTO credentials (structure_id, kind, evidence, status, decided_by, decided_at) VALUES ($1, 'aptic', 'bench', 'verified', $2, now())`,
      [structure.id, user.id],
    );
    const place = await one(
      `INSERT INTO places (structure_id, name, address, postcode, commune, departement) VALUES ($1, 'EPN', '1 rue', '33000', 'Bordeaux', '33') RETURNING id`,
      [structure.id],
    );
    const offer = await one(
      `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind)
       VALUES ($1, $2, 'carte-grise-changement-titulaire', 'on_site', 45, 'funded') RETURNING id`,
      [structure.id, place.id],
    );
    const total = perServer * 2;
    const program = await one(
      `INSERT INTO voucher_programs (funder_id, name, face_value_cents, budget_cents, issued_cents, valid_from, valid_until, grace_days,
         redeemable_from, redeemable_until, eligible_procedures, eligible_departements, required_credentials, operator_rate_bp, created_by)
       VALUES ($1, 'Pass bench', 1000, $2, $2, '2020-01-01', '2099-12-31', 0, '2020-01-01', '2100-01-01',
         '{carte-grise-changement-titulaire}', '{33}', '{aptic}', 400, $3) RETURNING id`,
      [funder.id, total * 1000, user.id],
    );
    const batch = await one(`INSERT INTO voucher_batches (program_id, size, created_by) VALUES ($1, 5000, $2) RETURNING id`, [program.id, user.id]);
    // One slot a minute from 2026-01-01 (capacity 1), each with one completed booking.
    await client.query(
      `INSERT INTO slot_occupancy (offer_id, starts_at, capacity, booked)
       SELECT $1, timestamptz '2026-01-01 08:00+00' + i * interval '1 minute', 1, 1 FROM generate_series(0, $2 - 1) AS i`,
      [offer.id, total],
    );
    const bookings: { id: string }[] = (
      await client.query(
        `INSERT INTO bookings (reference, offer_id, structure_id, place_id, procedure_code, starts_at, ends_at, status, pricing_kind,
           price_cents, beneficiary_name, beneficiary_phone, person_key, booked_as, completed_at)
         SELECT 'B' || i, $1, $2, $3, 'carte-grise-changement-titulaire', s, s + interval '45 minutes', 'completed', 'funded', 0,
                'Josette', '+33612345678', 'bench:' || i, 'mediator', s + interval '45 minutes'
           FROM generate_series(0, $4 - 1) AS i, LATERAL (SELECT timestamptz '2026-01-01 08:00+00' + i * interval '1 minute' AS s) t
         ORDER BY i
         RETURNING id`,
        [offer.id, structure.id, place.id, total],
      )
    ).rows;
    const codes = new Set<string>();
    while (codes.size < total) codes.add(generateCode());
    const all = [...codes];
    for (let start = 0; start < total; start += 20_000) {
      await client.query(
        `INSERT INTO vouchers (code, program_id, batch_id, face_value_cents) SELECT unnest($1::text[]), $2, $3, 1000`,
        [all.slice(start, start + 20_000), program.id, batch.id],
      );
    }
    await client.query('ANALYZE');
    const targets = all.map((code, i) => ({ code, bookingId: bookings[i]!.id }));
    return { api: targets.slice(0, perServer), bare: targets.slice(perServer) };
  } finally {
    await client.end();
  }
}
