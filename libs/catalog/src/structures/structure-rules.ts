import OpeningHours from 'opening_hours';
import { invalidOpeningHours, invalidRna, invalidSiret, unknownDepartement } from './structures.errors';

/** SIREN of La Poste: its establishments' SIRETs do not follow the Luhn key. */
const LA_POSTE_SIREN = '356000000';

/**
 * A SIRET: 14 digits whose Luhn key is valid; La Poste's establishments (SIREN 356000000) instead
 * have a digit sum that is a multiple of 5.
 */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  const digits = [...value].map(Number);
  if (value.startsWith(LA_POSTE_SIREN)) return digits.reduce((sum, digit) => sum + digit, 0) % 5 === 0;
  const sum = digits.reduce((total, digit, index) => {
    // From the right, every second digit is doubled: with 14 digits, those at even indexes.
    const doubled = index % 2 === 0 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

/** RNA (répertoire national des associations): W, one digit or capital letter, eight digits. */
export function isValidRna(value: string): boolean {
  return /^W[0-9A-Z]\d{8}$/.test(value);
}

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

/**
 * The département of a place: from the INSEE commune code when there is one (2A/2B for Corsica),
 * otherwise from the postcode (Corsica: 200xx-201xx Corse-du-Sud, 202xx-206xx Haute-Corse);
 * overseas départements and collectivities have three characters (971-978).
 * INVALID_POSTCODE when neither names a département we serve (00xxx, 98xxx Monaco/Pacific, 99xxx).
 */
export function departementOf(postcode: string, inseeCode: string | null): string {
  const code = inseeCode ?? postcode;
  let departement: string | null = null;
  if (/^97[1-8]/.test(code)) departement = code.slice(0, 3);
  else if (/^2[AB]/.test(code)) departement = code.slice(0, 2);
  else if (code.startsWith('20')) departement = inseeCode ? null : Number(code) < 20200 ? '2A' : '2B';
  else if (/^(0[1-9]|[1-8]\d|9[0-5])/.test(code)) departement = code.slice(0, 2);
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
