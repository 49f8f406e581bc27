/** SIRET (14 digits, Luhn key; La Poste's establishments use their own rule) and RNA (W + 9). */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  // La Poste (SIREN 356000000): the sum of the digits is a multiple of 5 instead of the Luhn key.
  if (value.startsWith('356000000')) {
    return [...value].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  }
  let sum = 0;
  for (let index = 0; index < 14; index++) {
    let digit = value.charCodeAt(index) - 48;
    // From the right, every second digit is doubled: with 14 digits, those at even indexes.
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isValidRna(value: string): boolean {
  return /^W[0-9A-Z]\d{8}$/.test(value);
}

export type Pivot = { kind: 'siret'; value: string } | { kind: 'rna'; value: string };

export function parsePivot(raw: string): Pivot | null {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (isValidSiret(value)) return { kind: 'siret', value };
  if (isValidRna(value)) return { kind: 'rna', value };
  return null;
}

/**
 * The département of a place: from the INSEE commune code when there is one, otherwise from the
 * postcode (Corsica: 200xx-201xx are Corse-du-Sud, 202xx-206xx Haute-Corse). Null when neither
 * names a département we serve (98xxx: Monaco and the Pacific territories).
 */
export function departementOf(postcode: string, inseeCode: string | null): string | null {
  const code = inseeCode ?? postcode;
  if (code.startsWith('97')) return /^97[1-8]/.test(code) ? code.slice(0, 3) : null;
  if (code.startsWith('98')) return null;
  if (/^2[AB]/.test(code)) return code.slice(0, 2);
  if (code.startsWith('20') && !inseeCode) return Number(code) < 20200 ? '2A' : '2B';
  if (code.startsWith('20')) return null;
  return /^\d{2}/.test(code) && code.slice(0, 2) !== '00' ? code.slice(0, 2) : null;
}
