import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = Symbol('passerelle.requestId');
const ACCEPTED = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The request id: the caller's `x-request-id` when it looks sane, otherwise a new UUID. Stored on
 * the raw request so that Fastify and the pino-http logger use the same id.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const holder = raw as IncomingMessage & { [REQUEST_ID]?: string };
  if (!holder[REQUEST_ID]) {
    const header = raw.headers['x-request-id'];
    holder[REQUEST_ID] = typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
  }
  return holder[REQUEST_ID];
}
