import OpeningHours from 'opening_hours';
import { departementOf, isValidRna, isValidSiret } from './identifiers';
import { invalidOpeningHours, invalidRna, invalidSiret, unknownDepartement } from './structures.errors';

/** The SIRET without spaces, or INVALID_SIRET. */
export function normaliseSiret(raw: string): string {
  const value = raw.replace(/[\s.]/g, '');
  if (!isValidSiret(value)) throw invalidSiret();
  return value;
}

/** The RNA number in capitals without spaces, or INVALID_RNA. */
export function normaliseRna(raw: string): string {
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (!isValidRna(value)) throw invalidRna();
  return value;
}

/** The place's département (see departementOf), or INVALID_POSTCODE when it has none. */
export function requireDepartement(postcode: string, inseeCode: string | null): string {
  const departement = departementOf(postcode, inseeCode);
  if (departement === null) throw unknownDepartement(postcode, inseeCode);
  return departement;
}

/** Public holidays (`PH`) are those of metropolitan France. */
const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };

/**
 * An OSM `opening_hours` value checked by the reference parser: null when empty,
 * INVALID_OPENING_HOURS with the parser's message when it cannot be read. What the parser reads
 * with mere warnings (`Lu-Ve 9h-18h`) is stored in its canonical form (`Mo-Fr 09:00-18:00`).
 */
export function checkOpeningHours(raw: string | null): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  let parsed: OpeningHours;
  try {
    parsed = new OpeningHours(value, FRANCE);
  } catch (error) {
    throw invalidOpeningHours(String(error instanceof Error ? error.message : error).trim());
  }
  return parsed.prettifyValue();
}
