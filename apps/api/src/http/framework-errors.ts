import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem-details.filter';

/**
 * Fastify's refusals before any route runs (a path that is not valid percent-encoding, a parameter
 * past maxParamLength) as problem+json, like every other error; Nest's filter never sees them.
 */
export function frameworkErrorAsProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .status(status)
    .header('x-request-id', String(request.id))
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ ...problem(status, 'INVALID_URL', 'Adresse invalide.'), requestId: String(request.id) });
}
