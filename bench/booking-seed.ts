import { hash } from '@node-rs/argon2';
import { DateTime } from 'luxon';
import { Client } from 'pg';

export const BENCH_EMAIL = 'beneficiaire@bench.passerelle.local';
export const BENCH_PASSWORD = 'bench password';

export interface BookingTarget {
  offerId: string;
  startsAt: string;
}

const OFFERS = 100;
const SLOT_MINUTES = 15;
const SLOTS_PER_DAY = ((20 - 8) * 60) / SLOT_MINUTES;

/**
 * One labelled structure with a place and OFFERS funded offers open every day 08:00–20:00 (Paris
 * time, 15-minute slots, capacity 1), and one beneficiary. Each server gets its own distinct days,
 * so every request books a distinct free slot and the two servers never compete for one.
 */
export async function seedBookings(url: string, perServer: number): Promise<{ api: BookingTarget[]; bare: BookingTarget[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
    const passwordHash = await hash(BENCH_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await one(
      `INSERT INTO users (email, password_hash, display_name, roles, status) VALUES ($1, $2, 'Josette', '{beneficiary}', 'active') RETURNING id`,
      [BENCH_EMAIL, passwordHash],
    );
    const admin = await one(
      `INSERT INTO users (email, password_hash, display_name, roles, status) VALUES ('admin@bench.passerelle.local', $1, 'Admin', '{admin}', 'active') RETURNING id`,
      [passwordHash],
    );
    const structure = await one(`INSERT INTO organisations (kind, name) VALUES ('structure', 'EPN bench') RETURNING id`);
    await client.query(`INSERT INTO structures (id, name, siret) VALUES ($1, 'EPN bench', '73282932000074')`, [structure.id]);
    await client.query(
      `INSERT INTO credentials (structure_id, kind, evidence, status, decided_by, decided_at) VALUES ($1, 'aptic', 'bench', 'verified', $2, now())`,
      [structure.id, admin.id],
    );
    const place = await one(
      `INSERT INTO places (structure_id, name, address, postcode, commune, departement, modalities)
       VALUES ($1, 'EPN', '1 rue', '33000', 'Bordeaux', '33', '{on_site}') RETURNING id`,
      [structure.id],
    );
    const offers: { id: string }[] = (
      await client.query(
        `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind)
         SELECT $1, $2, 'carte-grise-changement-titulaire', 'on_site', ${SLOT_MINUTES}, 'funded' FROM generate_series(1, ${OFFERS})
         RETURNING id`,
        [structure.id, place.id],
      )
    ).rows;
    await client.query(
      `INSERT INTO opening_rules (offer_id, weekday, start_time, end_time, capacity)
       SELECT o.id, d, '08:00', '20:00', 1 FROM offers o, generate_series(1, 7) AS d`,
    );
    const daysPerServer = Math.ceil(perServer / (OFFERS * SLOTS_PER_DAY));
    // From the day after tomorrow (Paris), so that no slot starts in the past during the run.
    const firstDay = DateTime.now().setZone('Europe/Paris').startOf('day').plus({ days: 2 });
    const targetsFor = (dayOffset: number): BookingTarget[] => {
      const targets: BookingTarget[] = [];
      for (let day = 0; day < daysPerServer; day++) {
        const date = firstDay.plus({ days: dayOffset + day });
        for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
          const startsAt = date.set({ hour: 8 }).plus({ minutes: slot * SLOT_MINUTES }).toUTC().toISO()!;
          for (const offer of offers) targets.push({ offerId: offer.id, startsAt });
        }
      }
      return targets.slice(0, perServer);
    };
    return { api: targetsFor(0), bare: targetsFor(daysPerServer) };
  } finally {
    await client.end();
  }
}
