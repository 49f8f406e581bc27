import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { departementOf } from '@passerelle/catalog';
import { createOrganisation } from './factories';

/** A random SIRET whose Luhn key is valid (14 digits). */
export function validSiret(): string {
  const digits = Array.from({ length: 13 }, () => randomInt(10));
  for (let check = 0; check < 10; check++) {
    const candidate = [...digits, check];
    const sum = candidate.reduce((total, digit, index) => {
      // Luhn: every second digit counting from the right (the check digit is the first) is doubled.
      const doubled = (candidate.length - index) % 2 === 0 ? digit * 2 : digit;
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
    if (sum % 10 === 0) return candidate.join('');
  }
  throw new Error('unreachable: one check digit always completes a Luhn sum');
}

export interface StructureRow {
  id: string;
  name: string;
  siret: string | null;
}

/** A structure row for an existing organisation of kind 'structure' (or a new one). */
export async function createStructure(
  dataSource: DataSource,
  options: { organisationId?: string; name?: string; siret?: string } = {},
): Promise<StructureRow> {
  const organisationId = options.organisationId ?? (await createOrganisation(dataSource, 'structure')).id;
  const [row] = await dataSource.query(
    `INSERT INTO structures (id, name, siret)
     SELECT o.id, coalesce($2, o.name), $3 FROM organisations o WHERE o.id = $1
     RETURNING id, name, siret`,
    [organisationId, options.name ?? null, options.siret ?? validSiret()],
  );
  return row as StructureRow;
}

export interface PlaceRow {
  id: string;
  structure_id: string;
  postcode: string;
  departement: string;
}

/**
 * A place in Paris 11e by default; pass coordinates and codes to put it elsewhere. With another
 * postcode and no INSEE code it has none, so that its département is the postcode's.
 */
export async function createPlace(
  dataSource: DataSource,
  structureId: string,
  options: {
    name?: string;
    postcode?: string;
    commune?: string;
    inseeCode?: string;
    latitude?: number | null;
    longitude?: number | null;
    openingHours?: string | null;
    modalities?: string[];
  } = {},
): Promise<PlaceRow> {
  const postcode = options.postcode ?? '75011';
  const inseeCode = options.inseeCode ?? (options.postcode === undefined ? '75111' : null);
  const departement = departementOf(postcode, inseeCode);
  const [row] = await dataSource.query(
    `INSERT INTO places (structure_id, name, address, postcode, commune, insee_code, departement,
                         latitude, longitude, opening_hours, modalities)
     VALUES ($1, $2, '12 rue de la Roquette', $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING id, structure_id, postcode, departement`,
    [
      structureId,
      options.name ?? 'Espace public numérique',
      postcode,
      options.commune ?? 'Paris',
      inseeCode,
      departement,
      options.latitude === undefined ? 48.8556 : options.latitude,
      options.longitude === undefined ? 2.3747 : options.longitude,
      options.openingHours === undefined ? 'Mo-Fr 09:00-12:00,14:00-18:00' : options.openingHours,
      options.modalities ?? ['on_site'],
    ],
  );
  return row as PlaceRow;
}

/** A credential, verified by default (decided by the given admin user id). */
export async function createCredential(
  dataSource: DataSource,
  structureId: string,
  decidedBy: string,
  options: { kind?: string; status?: 'pending' | 'verified'; expiresOn?: string | null } = {},
): Promise<{ id: string }> {
  const status = options.status ?? 'verified';
  const [row] = await dataSource.query(
    `INSERT INTO credentials (structure_id, kind, evidence, expires_on, status, decided_by, decided_at)
     VALUES ($1, $2, 'https://example.org/preuve.pdf', $3, $4, $5, $6) RETURNING id`,
    [
      structureId,
      options.kind ?? 'aptic',
      options.expiresOn ?? null,
      status,
      status === 'pending' ? null : decidedBy,
      status === 'pending' ? null : new Date(),
    ],
  );
  return row as { id: string };
}

export interface OfferRow {
  id: string;
  status: string;
  price_cents: string | null;
}

/** An active offer at a place; funded unless a price is given. */
export async function createOffer(
  dataSource: DataSource,
  place: { id: string; structure_id: string },
  options: { procedureCode?: string; modality?: string; durationMinutes?: number; priceCents?: number | null } = {},
): Promise<OfferRow> {
  const priceCents = options.priceCents ?? null;
  const [row] = await dataSource.query(
    `INSERT INTO offers (structure_id, place_id, procedure_code, modality, duration_minutes, pricing_kind, price_cents)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, status, price_cents`,
    [
      place.structure_id,
      place.id,
      options.procedureCode ?? 'carte-grise-changement-titulaire',
      options.modality ?? 'on_site',
      options.durationMinutes ?? 45,
      priceCents === null ? 'funded' : 'commercial',
      priceCents,
    ],
  );
  return row as OfferRow;
}
