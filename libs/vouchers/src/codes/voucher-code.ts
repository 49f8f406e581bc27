import { randomInt } from 'node:crypto';

/**
 * Voucher codes: 11 random characters (55 bits) and 1 check character over a 32-character alphabet
 * without 0/O and 1/I, printed in groups of four ("7KQM-WX3T-P9CE") to read aloud.
 *
 * The check character makes the weighted sum of all 12 characters zero in GF(32), with a distinct
 * non-zero weight per position. A single substitution changes the sum by w·(a−b) ≠ 0; swapping two
 * adjacent different characters changes it by (w₁−w₂)·(a−b) ≠ 0. Both are caught, always.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PAYLOAD_LENGTH = 11;
export const CODE_LENGTH = PAYLOAD_LENGTH + 1;
export const CODE_ENTROPY_BITS = PAYLOAD_LENGTH * 5;

const VALUE_OF = new Map([...CODE_ALPHABET].map((char, index) => [char, index]));

/** Multiplication in GF(2⁵) modulo the primitive polynomial x⁵ + x² + 1. */
function gfMultiply(a: number, b: number): number {
  let product = 0;
  for (let x = a, y = b; y > 0; y >>= 1) {
    if (y & 1) product ^= x;
    x <<= 1;
    if (x & 0b100000) x ^= 0b100101;
  }
  return product;
}

/** Weight of position i: α^(i+1) for the payload, α⁰ = 1 for the check character (α = x, primitive). */
const WEIGHTS: number[] = (() => {
  const weights: number[] = [];
  let power = 1;
  for (let i = 0; i < PAYLOAD_LENGTH; i++) {
    power = gfMultiply(power, 2);
    weights.push(power);
  }
  weights.push(1);
  return weights;
})();

function weightedSum(values: number[]): number {
  return values.reduce((sum, value, index) => sum ^ gfMultiply(WEIGHTS[index]!, value), 0);
}

/** The check character completing an 11-character payload. */
export function checkCharacter(payload: string): string {
  const values = [...payload].map((char) => VALUE_OF.get(char));
  if (values.length !== PAYLOAD_LENGTH || values.some((value) => value === undefined)) {
    throw new RangeError('payload must be 11 characters of the code alphabet');
  }
  // Addition in GF(2⁵) is XOR and the check weight is 1, so the check value is the payload's sum.
  return CODE_ALPHABET[weightedSum(values as number[])]!;
}

/** A new random code (normalised form, 12 characters, no separators). */
export function generateCode(): string {
  let payload = '';
  for (let i = 0; i < PAYLOAD_LENGTH; i++) payload += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return payload + checkCharacter(payload);
}

/** Uppercased, separators and spaces removed; what people type or scan becomes comparable. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-.]/g, '');
}

/** Whether a normalised code has the right shape and check character. */
export function isWellFormedCode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  const values = [...code].map((char) => VALUE_OF.get(char));
  if (values.some((value) => value === undefined)) return false;
  return weightedSum(values as number[]) === 0;
}

/** "7KQMWX3TP9CE" → "7KQM-WX3T-P9CE". */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
