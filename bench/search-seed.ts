import type { Client } from 'pg';

/** Big French towns (centre point, postcode, INSEE code, département), most populous first. */
export const TOWNS = [
  ['Paris', 48.8566, 2.3522, '75001', '75056', '75'],
  ['Marseille', 43.2965, 5.3698, '13001', '13055', '13'],
  ['Lyon', 45.764, 4.8357, '69001', '69123', '69'],
  ['Toulouse', 43.6047, 1.4442, '31000', '31555', '31'],
  ['Nice', 43.7102, 7.262, '06000', '06088', '06'],
  ['Nantes', 47.2184, -1.5536, '44000', '44109', '44'],
  ['Montpellier', 43.6108, 3.8767, '34000', '34172', '34'],
  ['Strasbourg', 48.5734, 7.7521, '67000', '67482', '67'],
  ['Bordeaux', 44.8378, -0.5792, '33000', '33063', '33'],
  ['Lille', 50.6292, 3.0573, '59000', '59350', '59'],
  ['Rennes', 48.1173, -1.6778, '35000', '35238', '35'],
  ['Reims', 49.2583, 4.0317, '51100', '51454', '51'],
  ['Toulon', 43.1242, 5.928, '83000', '83137', '83'],
  ['Saint-Étienne', 45.4397, 4.3872, '42000', '42218', '42'],
  ['Le Havre', 49.4944, 0.1079, '76600', '76351', '76'],
  ['Grenoble', 45.1885, 5.7245, '38000', '38185', '38'],
  ['Dijon', 47.322, 5.0415, '21000', '21231', '21'],
  ['Angers', 47.4784, -0.5632, '49000', '49007', '49'],
  ['Nîmes', 43.8367, 4.3601, '30000', '30189', '30'],
  ['Clermont-Ferrand', 45.7772, 3.087, '63000', '63113', '63'],
  ['Le Mans', 48.0061, 0.1996, '72000', '72181', '72'],
  ['Aix-en-Provence', 43.5297, 5.4474, '13100', '13001', '13'],
  ['Brest', 48.3904, -4.4861, '29200', '29019', '29'],
  ['Tours', 47.3941, 0.6848, '37000', '37261', '37'],
  ['Amiens', 49.894, 2.2958, '80000', '80021', '80'],
  ['Limoges', 45.8336, 1.2611, '87000', '87085', '87'],
  ['Perpignan', 42.6887, 2.8948, '66000', '66136', '66'],
  ['Metz', 49.1193, 6.1757, '57000', '57463', '57'],
  ['Besançon', 47.2378, 6.0241, '25000', '25056', '25'],
  ['Orléans', 47.9029, 1.9093, '45000', '45234', '45'],
  ['Rouen', 49.4432, 1.0999, '76000', '76540', '76'],
  ['Caen', 49.1829, -0.3707, '14000', '14118', '14'],
  ['Nancy', 48.6921, 6.1844, '54000', '54395', '54'],
  ['Poitiers', 46.5802, 0.3404, '86000', '86194', '86'],
  ['Pau', 43.2951, -0.3708, '64000', '64445', '64'],
  ['Quimper', 47.996, -4.1024, '29000', '29232', '29'],
  ['Guéret', 46.1713, 1.8717, '23000', '23096', '23'],
  ['Mende', 44.5181, 3.5006, '48000', '48095', '48'],
] as const;

const OPENING_HOURS = [
  'Mo-Fr 09:00-12:00,14:00-18:00',
  'Mo-Sa 09:00-12:00',
  'Tu-Sa 10:00-18:00',
  'Mo-Fr 08:30-17:30; PH off',
  'Mo,We,Fr 14:00-17:00',
  'Mo-Su 10:00-19:00',
];

/**
 * Bulk-loads a synthetic national catalogue with generate_series (tens of seconds for 50,000
 * places): structures of five places each, 85% with a verified credential, 5% expired, 10%
 * pending; places clustered around the towns above (most populous more often) plus 20% anywhere
 * in mainland France; `offersPerPlace` offers each over the seeded procedures, 60% funded, 5% paused.
 * Deterministic for a seed.
 */
export async function loadSearchCatalog(
  client: Client,
  options: { places: number; offersPerPlace: number; seed: number },
): Promise<void> {
  const structures = Math.ceil(options.places / 5);
  await client.query('BEGIN');
  await client.query('SELECT setseed($1)', [(options.seed % 1000) / 1000]);
  const towns = TOWNS.map(([name, lat, lon, postcode, insee, dep], index) => `(${index}, '${name.replace(/'/g, "''")}', ${lat}, ${lon}, '${postcode}', '${insee}', '${dep}')`);
  await client.query(`CREATE TEMP TABLE towns (n, name, lat, lon, postcode, insee, dep) ON COMMIT DROP AS VALUES ${towns.join(',')}`);
  const [admin] = (
    await client.query(`INSERT INTO users (email, password_hash, display_name, roles)
                        VALUES ('bench-admin@example.org', 'x', 'Bench admin', '{admin}') RETURNING id`)
  ).rows as [{ id: string }];
  await client.query(
    `CREATE TEMP TABLE bench_structures ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n`,
    [structures],
  );
  await client.query(`INSERT INTO organisations (id, kind, name) SELECT id, 'structure', 'Structure ' || n FROM bench_structures`);
  await client.query(`INSERT INTO structures (id, name, siret) SELECT id, 'Structure ' || n, lpad(n::text, 14, '0') FROM bench_structures`);
  await client.query(
    `INSERT INTO credentials (structure_id, kind, evidence, expires_on, status, decided_by, decided_at)
     SELECT id, (ARRAY['aptic','france_services','conseiller_numerique','aidants_connect','siv_habilitation'])[1 + (n % 5)],
            'https://example.org/preuve.pdf',
            CASE WHEN n % 20 = 7 THEN date '2024-01-01' ELSE NULL END,
            CASE WHEN n % 10 = 3 THEN 'pending' ELSE 'verified' END,
            CASE WHEN n % 10 = 3 THEN NULL ELSE $1::uuid END,
            CASE WHEN n % 10 = 3 THEN NULL ELSE now() END
       FROM bench_structures`,
    [admin.id],
  );
  await client.query(
    `INSERT INTO places (structure_id, name, address, postcode, commune, insee_code, departement, latitude, longitude,
                         opening_hours, modalities)
     SELECT s.id, 'Lieu ' || g.n, g.n || ' rue de la République', t.postcode, t.name, t.insee, t.dep,
            CASE WHEN g.anywhere THEN 42.6 + random() * 8.3 ELSE t.lat + (random() + random() - 1) * 0.25 END,
            CASE WHEN g.anywhere THEN -4.4 + random() * 12.0 ELSE t.lon + (random() + random() - 1) * 0.35 END,
            CASE WHEN g.n % 10 = 0 THEN NULL ELSE ($3::text[])[1 + g.n % cardinality($3::text[])] END,
            ARRAY['on_site']
       FROM (SELECT n, random() < 0.2 AS anywhere, floor(power(random(), 2) * $2)::int AS town
               FROM generate_series(1, $1::int) n) g
       JOIN towns t ON t.n = g.town
       JOIN bench_structures s ON s.n = 1 + (g.n % $4::int)`,
    [options.places, TOWNS.length, OPENING_HOURS, structures],
  );
  await client.query(
    `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind, price_cents, status)
     SELECT p.structure_id, p.id, pr.codes[1 + floor(random() * cardinality(pr.codes))::int],
            (ARRAY['on_site','on_site','on_site','phone','video'])[1 + k % 5], 30 + 15 * (k % 3),
            CASE WHEN x.r < 0.6 THEN 'funded' ELSE 'commercial' END,
            CASE WHEN x.r < 0.6 THEN NULL ELSE 1500 + 100 * floor((x.r - 0.6) * 112)::int END,
            CASE WHEN random() < 0.05 THEN 'paused' ELSE 'active' END
       FROM places p
      CROSS JOIN generate_series(1, $1::int) k
      CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM procedures) pr
      CROSS JOIN LATERAL (SELECT random() + 0 * k AS r) x`,
    [options.offersPerPlace],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
}
