import type { InjectOptions } from 'fastify';
import type { TenantWorld } from '@passerelle/testing';
import { baselineBody, type FuzzCase, type Mutation } from './fuzz-cases';
import { idOf, pathParamKind } from './id-sources';
import type { Operation } from './openapi-operations';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Percent-encodes UTF-8 bytes (a lone surrogate becomes U+FFFD, as a client would send it). */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function setAt(target: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container: Record<string | number, unknown> = target && typeof target === 'object' ? (target as Record<string, unknown>) : {};
  if (remove && rest.length === 0) {
    delete container[head!];
    return container;
  }
  // defineProperty: a key like "__proto__" must become an own field of the JSON, as a hostile client would send it.
  Object.defineProperty(container, head!, { value: setAt(container[head!], rest, value, remove), enumerable: true, writable: true, configurable: true });
  return container;
}

/** The request a case describes: tenant a's caller and ids, the operation's baseline body, then each mutation in turn. */
export function buildRequest(operation: Operation, world: TenantWorld, fuzzCase: FuzzCase): FuzzRequest {
  const caller = fuzzCase.caller === 'anonymous' ? undefined : fuzzCase.caller === 'admin' ? world.admin : world.a[fuzzCase.caller];
  const headers: Record<string, string> = caller ? { ...caller.headers } : {};
  const pathValues = new Map<string, string>();
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') pathValues.set(parameter.name, encode(idOf(world.a, pathParamKind(operation.path, parameter.name))));
    if (parameter.in === 'header' && parameter.required) headers[parameter.name.toLowerCase()] = 'fuzz-idempotency-key';
  }
  const query = new Map<string, string | string[]>();
  let body: unknown = operation.body ? baselineBody(operation.body, world) : undefined;
  let raw: { contentType: string; text: string } | undefined;
  for (const mutation of fuzzCase.mutations as Mutation[]) {
    switch (mutation.at) {
      case 'path':
        pathValues.set(mutation.param, mutation.encoded ? mutation.value : encode(mutation.value));
        break;
      case 'query':
        if (mutation.value === undefined) query.delete(mutation.param);
        else query.set(mutation.param, mutation.value);
        break;
      case 'body':
        body = setAt(structuredClone(body ?? {}), mutation.path, mutation.value, Boolean(mutation.remove));
        break;
      case 'wholeBody':
        body = mutation.value;
        break;
      case 'raw':
        raw = mutation;
        break;
      case 'header':
        if (mutation.value === undefined) delete headers[mutation.name];
        else headers[mutation.name] = mutation.value;
        break;
    }
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query' && parameter.required && !fuzzCase.mutations.some((m) => m.at === 'query' && m.param === parameter.name)) {
      query.set(parameter.name, String(parameter.schema.example ?? 'x'));
    }
  }
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues.get(name)!);
  const search = [...query].flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}=${v === '%' ? '%' : encode(v)}`));
  const url = search.length > 0 ? `${path}?${search.join('&')}` : path;
  if (raw) return { method: operation.method, url, headers: { ...headers, 'content-type': raw.contentType }, payload: raw.text };
  if (body === undefined) return { method: operation.method, url, headers };
  return { method: operation.method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) };
}

export const toInject = (request: FuzzRequest): InjectOptions => ({ ...request, method: request.method as InjectOptions['method'] });

/** The request as a reader can replay it (long values cut). */
export function describeRequest(request: FuzzRequest): string {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${cut(value)}`);
  return [`${request.method} ${cut(request.url)}`, ...headers, request.payload === undefined ? '' : cut(JSON.stringify(request.payload))].join('\n');
}
