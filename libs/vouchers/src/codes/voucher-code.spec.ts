import {
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  CODE_LENGTH,
  checkCharacter,
  formatCode,
  generateCode,
  isWellFormedCode,
  normaliseCode,
} from './voucher-code';

const SAMPLE_SIZE = 2000;

describe('voucher codes', () => {
  const sample = Array.from({ length: SAMPLE_SIZE }, generateCode);

  it('use 32 unambiguous characters (no 0/O, 1/I) and at least 50 bits of randomness', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const ambiguous of '0O1I') expect(CODE_ALPHABET).not.toContain(ambiguous);
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(50);
    for (const code of sample) {
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
      expect(isWellFormedCode(code)).toBe(true);
    }
    expect(new Set(sample).size).toBe(SAMPLE_SIZE);
  });

  it('are printed in groups of four and read back whatever the case and separators', () => {
    const code = sample[0]!;
    const printed = formatCode(code);
    expect(printed).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(normaliseCode(` ${printed.toLowerCase().replace(/-/g, ' - ')} `)).toBe(code);
  });

  it('catch every single-character substitution, exhaustively on a random sample', () => {
    let mutants = 0;
    for (const code of sample) {
      for (let position = 0; position < CODE_LENGTH; position++) {
        for (const replacement of CODE_ALPHABET) {
          if (replacement === code[position]) continue;
          const mutant = code.slice(0, position) + replacement + code.slice(position + 1);
          if (isWellFormedCode(mutant)) throw new Error(`substitution not caught: ${code} → ${mutant}`);
          mutants++;
        }
      }
    }
    expect(mutants).toBe(SAMPLE_SIZE * CODE_LENGTH * 31);
  });

  it('catch every adjacent transposition of two different characters, check character included', () => {
    let mutants = 0;
    for (const code of sample) {
      for (let position = 0; position + 1 < CODE_LENGTH; position++) {
        if (code[position] === code[position + 1]) continue;
        const mutant = code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2);
        if (isWellFormedCode(mutant)) throw new Error(`transposition not caught: ${code} → ${mutant}`);
        mutants++;
      }
    }
    expect(mutants).toBeGreaterThan(SAMPLE_SIZE * 10);
  });

  it('catch every substitution and transposition for payloads built to stress the arithmetic', () => {
    // Every alphabet character at every position of an otherwise constant payload.
    for (const filler of CODE_ALPHABET) {
      for (let position = 0; position < 11; position++) {
        for (const char of CODE_ALPHABET) {
          const payload = filler.repeat(11).slice(0, position) + char + filler.repeat(11).slice(position + 1);
          const code = payload + checkCharacter(payload);
          expect(isWellFormedCode(code)).toBe(true);
          for (let p = 0; p + 1 < CODE_LENGTH; p++) {
            if (code[p] === code[p + 1]) continue;
            expect(isWellFormedCode(code.slice(0, p) + code[p + 1] + code[p] + code.slice(p + 2))).toBe(false);
          }
        }
      }
    }
  });

  it('refuse wrong lengths and foreign characters', () => {
    const code = sample[1]!;
    expect(isWellFormedCode(code.slice(0, 11))).toBe(false);
    expect(isWellFormedCode(`${code}A`)).toBe(false);
    expect(isWellFormedCode(`0${code.slice(1)}`)).toBe(false);
    expect(() => checkCharacter('ABC')).toThrow(RangeError);
  });
});
