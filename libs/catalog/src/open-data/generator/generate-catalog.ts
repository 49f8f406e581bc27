import type { DataSource, EntityManager } from 'typeorm';
import { ENUMS } from '../standard';
import { COMMUNES, type Commune } from './communes';
import { Random } from './random';

export interface GenerateOptions {
  places: number;
  offersPerPlace?: number;
  seed?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface GenerateResult {
  structures: number;
  places: number;
  offers: number;
  credentials: number;
  millis: number;
}

const BATCH = 5_000;
const PLACES_PER_STRUCTURE = 3;

const OPENING_HOURS = [
  'Mo-Fr 09:00-12:00,14:00-17:30',
  'Mo-Fr 08:30-12:30,13:30-17:00',
  'Tu-Sa 10:00-18:00',
  'Mo,We,Fr 09:00-12:00',
  'Mo-Th 09:00-12:00,14:00-18:00; Fr 09:00-12:00',
  'Mo-Fr 09:00-17:00; Sa 09:00-12:00',
  'Tu,Th 14:00-18:00; Sa 10:00-12:00',
  'We 13:30-17:30; Sa 09:30-12:30',
  'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off',
  'Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00',
];
const KINDS = [
  { typology: 'EPN', label: 'Espace public numérique' },
  { typology: 'BIB', label: 'Médiathèque' },
  { typology: 'CCAS', label: 'CCAS' },
  { typology: 'RFS', label: 'France Services' },
  { typology: 'ASSO', label: 'Association Connect' },
  { typology: 'TIERS_LIEUX', label: 'Tiers-lieu numérique' },
  { typology: 'CS', label: 'Centre social' },
  { typology: 'MJC', label: 'MJC' },
  { typology: 'PIMMS', label: 'Point information médiation multi-services' },
];
const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'place de la Mairie', 'rue Victor Hugo', 'boulevard Gambetta', 'rue Pasteur', 'rue du Général de Gaulle', 'allée des Tilleuls', 'rue de la Gare', 'place du Marché'];
const CREDENTIALS = ['aptic', 'france_services', 'conseiller_numerique', 'aidants_connect', 'siv_habilitation'] as const;
const GENERATOR_USER = 'catalog-generator@passerelle.invalid';

/**
 * A realistic national catalogue for benchmarks and demos: structures with valid SIRETs and
 * credentials (most verified, some pending or expired), places spread over real communes, and
 * several offers per place over the seeded procedures, funded or priced under the caps in force.
 * Deterministic for a seed (ids included), so run it on a catalogue without that seed's data.
 * Batched multi-row inserts from JSON, one transaction; ANALYZE at the end.
 */
export async function generateCatalog(dataSource: DataSource, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const random = new Random(options.seed ?? 1);
  const offersPerPlace = options.offersPerPlace ?? 4;
  const progress = options.onProgress ?? (() => undefined);

  const result = await dataSource.transaction(async (manager) => {
    const procedures: { code: string; typical_duration_minutes: number }[] = await manager.query(
      'SELECT code, typical_duration_minutes FROM procedures ORDER BY code',
    );
    if (procedures.length === 0) throw new Error('No procedures: run the migrations first.');
    const caps = await loadCaps(manager);
    const deciderId = await generatorUser(manager);

    const structureCount = Math.max(1, Math.ceil(options.places / PLACES_PER_STRUCTURE));
    const structures = Array.from({ length: structureCount }, (_, index) => {
      const kind = random.pick(KINDS);
      const home = random.pick(COMMUNES);
      return { id: random.uuid(), name: `${kind.label} ${home.name} ${index + 1}`.slice(0, 200), siret: '', kind, home };
    });
    const sirets = new Set<string>();
    for (const structure of structures) {
      do structure.siret = random.siret();
      while (sirets.has(structure.siret));
      sirets.add(structure.siret);
    }
    await insertJson(manager, 'organisations', 'id uuid, kind text, name text', 'id, kind, name',
      structures.map(({ id, name }) => ({ id, kind: 'structure', name })), progress);
    await insertJson(manager, 'structures', 'id uuid, name text, siret text', 'id, name, siret',
      structures.map(({ id, name, siret }) => ({ id, name, siret })), progress);

    const today = new Date();
    const day = (offsetDays: number) => new Date(today.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const credentials = structures.flatMap((structure) =>
      random.some(CREDENTIALS, 1 + random.int(2)).map((kind) => {
        const roll = random.next();
        const status = roll < 0.15 ? 'pending' : 'verified';
        const expired = roll >= 0.15 && roll < 0.25;
        return {
          structure_id: structure.id,
          kind,
          evidence: `Attestation ${kind} n° ${100000 + random.int(900000)}`,
          expires_on: expired ? day(-1 - random.int(300)) : random.chance(0.3) ? null : day(30 + random.int(700)),
          status,
          decided_by: status === 'pending' ? null : deciderId,
          decided_at: status === 'pending' ? null : today.toISOString(),
        };
      }),
    );
    await insertJson(manager, 'credentials',
      'structure_id uuid, kind text, evidence text, expires_on date, status text, decided_by uuid, decided_at timestamptz',
      'structure_id, kind, evidence, expires_on, status, decided_by, decided_at', credentials, progress);

    const places = Array.from({ length: options.places }, (_, index) =>
      makePlace(random, structures[index % structureCount]!, index, Math.floor(index / structureCount) + 1, day),
    );
    await insertJson(manager, 'places', PLACE_RECORDSET, PLACE_COLUMNS, places, progress);

    const offers = places.flatMap((place) =>
      random.some(procedures, offersPerPlace).map((procedure) => {
        const cap = capFor(caps, procedure.code, place.departement);
        const commercial = random.chance(0.45) && (cap === null || cap >= 1_000);
        const price = commercial ? Math.min(cap ?? Infinity, 1_000 + 500 * random.int(11)) : null;
        return {
          structure_id: place.structure_id,
          place_id: place.id,
          procedure_code: procedure.code,
          modality: random.pick(place.modalities),
          duration_minutes: Math.min(480, Math.max(5, procedure.typical_duration_minutes + 15 * (random.int(3) - 1))),
          pricing_kind: commercial ? 'commercial' : 'funded',
          price_cents: price,
          status: random.chance(0.05) ? 'paused' : 'active',
        };
      }),
    );
    await insertJson(manager, 'offers',
      'structure_id uuid, place_id uuid, procedure_code text, modality text, duration_minutes int, pricing_kind text, price_cents bigint, status text',
      'structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind, price_cents, status', offers, progress);
    return { structures: structureCount, places: places.length, offers: offers.length, credentials: credentials.length };
  });
  await dataSource.query('ANALYZE organisations, structures, credentials, places, offers, offer_search');
  return { ...result, millis: Math.round(performance.now() - started) };
}

type Structure = { id: string; name: string; siret: string; kind: (typeof KINDS)[number]; home: Commune };

const PLACE_RECORDSET = [
  'id uuid', 'structure_id uuid', 'name text', 'address text', 'postcode text', 'commune text', 'insee_code text',
  'departement text', 'latitude double precision', 'longitude double precision', 'opening_hours text',
  'accessibility_notes text', 'modalities text[]', 'phone text', 'emails text[]', 'websites text[]', 'typologies text[]',
  'services text[]', 'publics text[]', 'specific_support text[]', 'fees text[]', 'national_programmes text[]',
  'access_modes text[]', 'support_modes text[]', 'itinerance text[]', 'summary text', 'source text', 'updated_on date',
].join(', ');
const PLACE_COLUMNS = PLACE_RECORDSET.split(', ').map((column) => column.split(' ')[0]).join(', ');

function makePlace(random: Random, structure: Structure, index: number, site: number, day: (offset: number) => string) {
  const commune = random.chance(0.7) ? structure.home : random.pick(COMMUNES);
  const itinerant = random.chance(0.08);
  const modalities = ['on_site', ...random.some(['phone', 'video', 'at_home'] as const, random.int(3)), ...(itinerant ? ['itinerant'] : [])];
  const free = random.chance(0.7);
  return {
    id: random.uuid(),
    structure_id: structure.id,
    name: `${structure.kind.label} ${commune.name}${site > 1 ? ` (site ${site})` : ''}`.slice(0, 200),
    address: `${1 + random.int(120)} ${random.pick(STREETS)}`,
    postcode: commune.postcode,
    commune: commune.name,
    insee_code: commune.insee,
    departement: commune.insee.startsWith('97') ? commune.insee.slice(0, 3) : commune.insee.slice(0, 2),
    latitude: Math.round((commune.latitude + random.between(-0.03, 0.03)) * 1e5) / 1e5,
    longitude: Math.round((commune.longitude + random.between(-0.04, 0.04)) * 1e5) / 1e5,
    opening_hours: random.chance(0.9) ? random.pick(OPENING_HOURS) : null,
    accessibility_notes: random.chance(0.5) ? 'Accès de plain-pied, boucle magnétique à l’accueil.' : null,
    modalities,
    phone: `+33${1 + random.int(5)}${String(random.int(100_000_000)).padStart(8, '0')}`,
    emails: [`contact${index + 1}@mediation.example.org`],
    websites: random.chance(0.5) ? [`https://mediation.example.org/lieux/${index + 1}`] : [],
    typologies: [structure.kind.typology],
    services: ['Aide aux démarches administratives', ...random.some(ENUMS.services.slice(1), random.int(3))],
    publics: random.chance(0.2) ? random.some(ENUMS.publics_specifiquement_adresses, 1) : [],
    specific_support: random.chance(0.3) ? random.some(ENUMS.prise_en_charge_specifique, 1 + random.int(2)) : [],
    fees: free ? ['Gratuit'] : random.chance(0.5) ? ['Gratuit sous condition', 'Payant'] : ['Payant'],
    national_programmes: random.chance(0.5) ? random.some(ENUMS.dispositif_programmes_nationaux, 1 + random.int(2)) : [],
    access_modes: random.some(['Se présenter', 'Téléphoner', 'Contacter par mail', 'Prendre un RDV en ligne'] as const, 1 + random.int(3)),
    support_modes: random.some(ENUMS.modalites_accompagnement, 1 + random.int(3)),
    itinerance: [itinerant ? 'Itinérant' : 'Fixe'],
    summary: `Accompagnement aux démarches en ligne à ${commune.name}.`,
    source: 'passerelle-generator',
    updated_on: day(-random.int(700)),
  };
}

async function insertJson(
  manager: EntityManager,
  table: string,
  recordset: string,
  columns: string,
  rows: object[],
  progress: (step: string, done: number, total: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await manager.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset})`, [
      JSON.stringify(rows.slice(start, start + BATCH)),
    ]);
    progress(table, Math.min(start + BATCH, rows.length), rows.length);
  }
}

type Caps = Map<string, number>;

async function loadCaps(manager: EntityManager): Promise<Caps> {
  const rows: { procedure_code: string; departement: string | null; max_price_cents: string }[] = await manager.query(
    'SELECT procedure_code, departement, max_price_cents FROM price_caps',
  );
  return new Map(rows.map((row) => [`${row.procedure_code}/${row.departement ?? ''}`, Number(row.max_price_cents)]));
}

/** The lowest cap that may apply (the département's and the national one; null: no cap), so prices stay under any. */
function capFor(caps: Caps, procedure: string, departement: string): number | null {
  const applicable = [caps.get(`${procedure}/${departement}`), caps.get(`${procedure}/`)].filter((cap) => cap !== undefined);
  return applicable.length > 0 ? Math.min(...applicable) : null;
}

/** Decisions on generated credentials need a user: an admin if there is one, else a disabled system user. */
async function generatorUser(manager: EntityManager): Promise<string> {
  const [admin] = await manager.query(`SELECT id FROM users WHERE 'admin' = ANY(roles) ORDER BY created_at LIMIT 1`);
  if (admin) return admin.id as string;
  const [user] = await manager.query(
    `INSERT INTO users (email, password_hash, display_name, roles, status)
     VALUES ($1, '!', 'Générateur de catalogue', ARRAY['admin'], 'disabled')
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
    [GENERATOR_USER],
  );
  return user.id as string;
}
