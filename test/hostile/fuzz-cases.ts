import fc from 'fast-check';
import type { Role } from '@passerelle/identity';
import type { TenantWorld } from '@passerelle/testing';
import { BODY_ID_KIND, idOf, idsOfNothing, pathParamKind } from './id-sources';
import { hugeString, invalidText, oddText, sampleValue, textKind, violations, wrongType } from './malformed-values';
import type { Operation, Schema } from './openapi-operations';

export type Caller = Role | 'anonymous';
type Path = (string | number)[];

/** One change to a request built from the operation; a case's last mutation is its sure defect on a write route. */
export type Mutation =
  | { at: 'path'; param: string; value: string; encoded?: boolean }
  | { at: 'query'; param: string; value: string | string[] | undefined }
  | { at: 'body'; path: Path; value: unknown; remove?: boolean }
  | { at: 'wholeBody'; value: unknown }
  | { at: 'raw'; contentType: string; text: string }
  | { at: 'header'; name: string; value: string | undefined };

export interface FuzzCase {
  caller: Caller;
  mutations: Mutation[];
}

/** Every field of a body schema, objects and first array items included, with its schema. */
function fieldsOf(schema: Schema, path: Path = []): { path: Path; schema: Schema; required: boolean }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, field]) => {
    const here = [...path, key];
    const own = { path: here, schema: field, required: Boolean(schema.required?.includes(key)) };
    if (field.type === 'array' && field.items?.properties) return [own, ...fieldsOf(field.items, [...here, 0])];
    if (field.properties) return [own, ...fieldsOf(field, here)];
    return [own];
  });
}

const objectsOf = (schema: Schema) => [{ path: [] as Path, schema }, ...fieldsOf(schema).filter((f) => f.schema.properties)];

/** The body the operation's schema describes, with tenant a's real ids in id fields. */
export function baselineBody(schema: Schema, world: TenantWorld): unknown {
  const fill = (value: unknown, field: Schema, name: string): unknown => {
    if (field.format === 'uuid') return BODY_ID_KIND[name] ? idOf(world.a, BODY_ID_KIND[name]!) : '7d1e9c4a-2f1b-4c1e-9a8b-3c2d1e0f9a8b';
    if (field.properties && value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner, field.properties![key] ?? {}, key)]));
    }
    if (Array.isArray(value) && field.items) return value.map((item) => fill(item, field.items!, name));
    return value;
  };
  return fill(sampleValue({ ...schema, example: undefined }), schema, '');
}

const BAD_AUTHORIZATION = fc.constantFrom(
  undefined,
  '',
  'Bearer',
  'Bearer ',
  'Bearer garbage',
  'Basic dXNlcjpwYXNz',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwIiwic2lkIjoiMCIsImV4cCI6MX0.c2lnbmF0dXJl',
  `Bearer ${'A'.repeat(16_000)}`,
  'bearer\u0000x',
);
const BROKEN_JSON = fc.constantFrom('{', '{"a":1,}', "{'a':1}", '{"a":NaN}', 'NaN', '[', '"', '{"a":"\\x"}', '\u0000', '{}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '');
const WRONG_CONTENT_TYPES = fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'image/png');
const BAD_PATH_VALUES = fc.constantFrom(
  'not-a-uuid', '%', '%FF%FE', '%00', '..', '..%2F..%2Fetc%2Fpasswd', '%C0%80', 'a'.repeat(5000), '1%20OR%201%3D1', '%F0%9F%92%A9', '-1', '0',
  'null', '00000000-0000-0000-0000-000000000000', '%E2%80%AE', '%ED%A0%80',
);
const BAD_IDEMPOTENCY_KEYS = fc.constantFrom(undefined, '', ' ', 'k'.repeat(201), 'k'.repeat(64_000), 'clé-accentuée', 'tab\tkey');
const EXTRA_KEYS = fc.constantFrom('isAdmin', 'role', '__proto__', 'constructor', 'zzz', '', 'id', 'createdAt', 'status', 'structureId', '$where');

export interface CaseContext {
  operation: Operation;
  world: TenantWorld;
  callers: Caller[];
  isWrite: boolean;
  /** A public route ignores the Authorization header, so a bad one is no defect there. */
  isPublic: boolean;
}

/** Mutations sure to make the request unacceptable (each alone must yield a 4xx and change nothing). */
function defects(context: CaseContext, caller: Caller): fc.Arbitrary<Mutation>[] {
  const { operation, world } = context;
  const out: fc.Arbitrary<Mutation>[] = [];
  const body = operation.body;
  if (body) {
    const fields = fieldsOf(body);
    for (const field of fields) {
      out.push(wrongType(field.schema, field.required).map((value) => ({ at: 'body', path: field.path, value })));
      for (const bad of violations(field.schema)) out.push(bad.map((value) => ({ at: 'body', path: field.path, value })));
      if (field.required) out.push(fc.constant({ at: 'body', path: field.path, value: undefined, remove: true }));
      if (field.schema.format === 'uuid' && BODY_ID_KIND[String(field.path.at(-1))]) {
        out.push(idsOfNothing(BODY_ID_KIND[String(field.path.at(-1))]!).map((value) => ({ at: 'body', path: field.path, value })));
      }
    }
    for (const object of objectsOf(body)) {
      out.push(EXTRA_KEYS.filter((key) => !(key in (object.schema.properties ?? {}))).map((key) => ({ at: 'body', path: [...object.path, key], value: 'x' })));
    }
    const strings = fields.filter((field) => field.schema.type === 'string');
    if (strings.length > 0) {
      out.push(fc.constantFrom(...strings).chain((field) => hugeString(1_048_600).map((value) => ({ at: 'body' as const, path: field.path, value }))));
    }
    out.push(fc.constantFrom([], 'text', 42, null, true, [{}]).map((value) => ({ at: 'wholeBody', value })));
    out.push(BROKEN_JSON.map((text) => ({ at: 'raw', contentType: 'application/json', text })));
    out.push(WRONG_CONTENT_TYPES.map((contentType) => ({ at: 'raw', contentType, text: JSON.stringify(baselineBody(body, world)) })));
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      const kind = pathParamKind(operation.path, parameter.name);
      out.push(BAD_PATH_VALUES.map((value) => ({ at: 'path', param: parameter.name, value, encoded: true })));
      out.push(idsOfNothing(kind).map((value) => ({ at: 'path', param: parameter.name, value })));
      if (caller !== 'admin' && kind !== 'procedure') out.push(fc.constant({ at: 'path', param: parameter.name, value: idOf(world.b, kind) }));
    }
    if (parameter.in === 'query') {
      if (parameter.required) out.push(fc.constant({ at: 'query', param: parameter.name, value: undefined }));
      for (const bad of [wrongType(parameter.schema, parameter.required), ...violations(parameter.schema)]) {
        out.push(bad.filter((value) => typeof value === 'string' || typeof value === 'number').map((value) => ({ at: 'query', param: parameter.name, value: String(value) })));
      }
    }
    if (parameter.in === 'header' && parameter.required) {
      out.push(BAD_IDEMPOTENCY_KEYS.map((value) => ({ at: 'header', name: parameter.name.toLowerCase(), value })));
    }
  }
  if (!context.isPublic) out.push(BAD_AUTHORIZATION.map((value) => ({ at: 'header', name: 'authorization', value })));
  return out;
}

/** Mutations a valid request may carry: unusual but acceptable values. */
function noise(context: CaseContext, caller: Caller): fc.Arbitrary<Mutation>[] {
  const { operation, world } = context;
  const out: fc.Arbitrary<Mutation>[] = [fc.constant({ at: 'header', name: 'x-request-id', value: 'x'.repeat(120) })];
  if (operation.body) {
    for (const field of fieldsOf(operation.body)) {
      const { schema, path } = field;
      if (schema.type === 'string' && !schema.enum && !schema.pattern && textKind(schema) === 'text') {
        out.push(oddText.map((value) => ({ at: 'body', path, value })));
      }
      if (schema.minimum !== undefined) out.push(fc.constant({ at: 'body', path, value: schema.minimum }));
      if (schema.maximum !== undefined) out.push(fc.constant({ at: 'body', path, value: schema.maximum }));
      if (schema.nullable) out.push(fc.constant({ at: 'body', path, value: null }));
      if (!field.required) out.push(fc.constant({ at: 'body', path, value: undefined, remove: true }));
      const kind = BODY_ID_KIND[String(path.at(-1))];
      if (kind) out.push(fc.constant({ at: 'body', path, value: idOf(world.b, kind) }));
    }
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path' && caller === 'admin' && pathParamKind(operation.path, parameter.name) !== 'procedure') {
      out.push(fc.constant({ at: 'path', param: parameter.name, value: idOf(world.b, pathParamKind(operation.path, parameter.name)) }));
    }
    if (parameter.in === 'query') {
      const valid = fc.constant(String(sampleValue(parameter.schema)));
      out.push(fc.oneof(valid, oddText, invalidText, fc.constant('%'), fc.array(fc.string(), { minLength: 2, maxLength: 3 })).map((value) => ({ at: 'query', param: parameter.name, value })));
    }
  }
  return out;
}

/** Cases for one operation: on a write route, noise first and a sure defect last; on a GET, anything (even nothing). */
export function fuzzCases(context: CaseContext): fc.Arbitrary<FuzzCase> {
  // Built once per caller: chain() would otherwise rebuild every arbitrary (and its 1 MB string) per case.
  const perCaller = new Map(
    context.callers.map((caller) => {
      const sure = defects(context, caller);
      if (context.isWrite && sure.length === 0) throw new Error(`fuzzer: no defect applies to ${context.operation.route}`);
      const extra = noise(context, caller);
      const last = context.isWrite ? fc.oneof(...sure).map((m) => [m]) : fc.array(fc.oneof(...sure, ...extra), { maxLength: 1 });
      const first = fc.array(fc.oneof(...(context.isWrite ? extra : [...sure, ...extra])), { maxLength: 3 });
      return [caller, fc.tuple(first, last).map(([before, final]) => ({ caller, mutations: [...before, ...final] }))];
    }),
  );
  return fc.constantFrom(...context.callers).chain((caller) => perCaller.get(caller)!);
}
