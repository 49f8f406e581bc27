import fc from 'fast-check';
import type { Schema } from './openapi-operations';

/** Text that is valid Unicode yet unusual: may be accepted, so only ever noise. */
export const oddText = fc.constantFrom(
  '👩🏽‍💻 Démarches 🇫🇷',
  '\u202Eتجربة\u202C mixed',
  'e\u0301\u0301\u0301 Zalgo\u0336\u0334',
  '\uFEFFBOM',
  '\u200B\u200D\u2060',
  'Ｆｕｌｌｗｉｄｔｈ',
  "O'Brien; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '   ',
);

/** Text no field may accept: NUL and lone surrogates are not storable text. */
export const invalidText = fc.constantFrom('abc\u0000def', '\u0000', 'x\uD800y', '\uDFFF', 'end\uD83D');

export const bigNumbers = fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_VALUE, -(2 ** 53));

/** Strings that are not dates, times or periods in any calendar. */
export const badDates = fc.constantFrom('2026-02-30', '2026-13-01', '2026-00-10', '', '1764547200', '2026-2-3', 'demain', '2026-12-01T25:00:00Z', '0000-00-00');
const badTimes = fc.constantFrom('25:00', '12:60', '', '9h', '-01:00', '12:00:99', '1200');
const badPeriods = fc.constantFrom('2026-13', '2026-00', '', '26-11', '2026/11', '2026-1');
const badUuids = fc.constantFrom('not-a-uuid', '', '123', '00000000-0000-4000-8000-00000000000g', 'a3bb189e-8bf9-3888-9912-ace4e6543002x', '{}');

export const hugeString = (length: number) => fc.constant('A'.repeat(length));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const PERIOD = /^\d{4}-\d{2}$/;

/** What kind of text a string schema wants, from its format or its example. */
export function textKind(schema: Schema): 'uuid' | 'date' | 'date-time' | 'time' | 'period' | 'uri' | 'text' {
  if (schema.format === 'uuid') return 'uuid';
  if (schema.format === 'date-time') return 'date-time';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'uri') return 'uri';
  const example = typeof schema.example === 'string' ? schema.example : '';
  if (DAY.test(example)) return 'date';
  if (TIME.test(example)) return 'time';
  if (PERIOD.test(example)) return 'period';
  return 'text';
}

/** Values of the wrong JSON type for the schema (never coercible into it); null only where a value is required. */
export function wrongType(schema: Schema, required = true): fc.Arbitrary<unknown> {
  const notNull = schema.nullable || !required ? [] : [fc.constant(null)];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom('abc', '12abc', 'NaN', 'Infinity', '', {}, [], [1]), ...notNull);
    case 'boolean':
      return fc.oneof(fc.constantFrom('maybe', 'yes', 2, {}, []), ...notNull);
    case 'array':
      return fc.oneof(fc.constantFrom('x', 42, { 0: 'x' }, true), ...notNull);
    case 'object':
      return fc.oneof(fc.constantFrom('x', 42, [], true), ...notNull);
    default:
      return fc.oneof(fc.constantFrom(42, 0, -1.5, true, false, {}, [], ['a'], { $gt: '' }), ...notNull);
  }
}

/** Values the schema's own constraints refuse, if it has any (empty array otherwise). */
export function violations(schema: Schema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.minimum !== undefined) out.push(fc.constantFrom(schema.minimum - 1, -1e308, schema.minimum - 0.5));
    if (schema.maximum !== undefined) out.push(fc.constantFrom(schema.maximum + 1, 1e308), bigNumbers.filter((n) => n > schema.maximum!));
    if (schema.type === 'integer') out.push(fc.constantFrom(1.5, 0.1, -2.25));
  }
  if (schema.type === 'string' || schema.type === undefined) {
    if (schema.enum) out.push(fc.constantFrom('nope', '', `${String(schema.enum[0])} `, String(schema.enum[0]).toUpperCase()).filter((v) => !schema.enum!.includes(v)));
    if (schema.maxLength !== undefined) out.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength * 3 + 10 }).map((n) => 'x'.repeat(n)));
    if (schema.minLength !== undefined && schema.minLength > 0) out.push(fc.constant(''));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      out.push(fc.oneof(fc.string(), fc.constantFrom('', ' ', '0', 'ZZ', '123456789012345')).filter((v) => !pattern.test(v)));
    }
    const kind = textKind(schema);
    if (kind === 'uuid') out.push(badUuids);
    if (kind === 'date' || kind === 'date-time') out.push(badDates);
    if (kind === 'time') out.push(badTimes);
    if (kind === 'period') out.push(badPeriods);
    if (kind === 'uri') out.push(fc.constantFrom('not a uri', 'http//missing-colon', '::'));
    if (!schema.enum) out.push(invalidText);
  }
  return out;
}

/** A schema-valid value (ids are filled in by the caller): the example, or the smallest valid value. */
export function sampleValue(schema: Schema): unknown {
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return schema.items?.properties ? [sampleValue(schema.items)] : [];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => schema.required?.includes(key))
          .map(([key, value]) => [key, sampleValue(value)]),
      );
    default:
      break;
  }
  const kind = textKind(schema);
  if (kind === 'date') return '2027-01-04';
  if (kind === 'date-time') return '2027-01-04T09:00:00.000Z';
  if (kind === 'uri') return 'https://example.org/';
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}
