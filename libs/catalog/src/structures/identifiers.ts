/**
 * Identifiers and territory codes of the catalogue, shared by the API's structures and places and by
 * the open-data import: one rule each, pure functions (the callers decide how to report a refusal).
 */

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

export type Pivot = { kind: 'siret'; value: string } | { kind: 'rna'; value: string };

/** A structure's identifier as the open-data file writes it (spaces and case ignored), or null. */
export function parsePivot(raw: string): Pivot | null {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (isValidSiret(value)) return { kind: 'siret', value };
  if (isValidRna(value)) return { kind: 'rna', value };
  return null;
}

/** Metropolitan départements by their two digits: 01–95 without 20 (Corsica is 2A/2B since 1976). */
const METROPOLITAN = /^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])/;

/** The two overseas collectivities whose postcode is Guadeloupe's (971xx) but whose INSEE code is their own. */
const COLLECTIVITY_POSTCODES: Record<string, string> = { '97133': '977', '97150': '978' };

/**
 * The département of a commune from its INSEE (COG) code, as INSEE's "DEP" column gives it:
 * 2A/2B for Corsica, three digits overseas — 971–974 and 976 (départements), 975, 977 and 978
 * (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, which COG files the same way).
 * Null for codes that name no département (98xxx Pacific territories, 99xxx foreign countries).
 */
export function departementOfCommune(inseeCode: string): string | null {
  if (/^97[1-8]\d{2}$/.test(inseeCode)) return inseeCode.slice(0, 3);
  if (/^2[AB]\d{3}$/.test(inseeCode)) return inseeCode.slice(0, 2);
  if (/^\d{5}$/.test(inseeCode) && METROPOLITAN.test(inseeCode)) return inseeCode.slice(0, 2);
  return null;
}

/**
 * The département of a postcode: two digits in metropolitan France; Corsica 200xx–201xx is
 * Corse-du-Sud (2A), 202xx and 206xx Haute-Corse (2B); overseas 971xx–976xx give three digits
 * (97133 Saint-Barthélemy → 977, 97150 Saint-Martin → 978). Null for 00xxx, 96xxx, 977xx–979xx,
 * 98xxx (Monaco, the Pacific) and 99xxx, which are no département's.
 */
export function departementOfPostcode(postcode: string): string | null {
  if (!/^\d{5}$/.test(postcode)) return null;
  if (/^97[1-6]/.test(postcode)) return COLLECTIVITY_POSTCODES[postcode] ?? postcode.slice(0, 3);
  if (/^20[01]/.test(postcode)) return '2A';
  if (/^20[26]/.test(postcode)) return '2B';
  return METROPOLITAN.test(postcode) ? postcode.slice(0, 2) : null;
}

/** A place's département: its commune's INSEE code decides when there is one, else its postcode. */
export function departementOf(postcode: string, inseeCode: string | null): string | null {
  return inseeCode ? departementOfCommune(inseeCode) : departementOfPostcode(postcode);
}
