import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '@passerelle/common';
import { loggableError } from './loggable-error';

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  business_rule: 422,
  rate_limited: 429,
  unavailable: 503,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Error codes from the driver or pool that mean "PostgreSQL is not there right now". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** The one place that turns any error into an RFC 9457 problem+json answer with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(error);
    problem.instance = request.url.split('?')[0];
    problem.requestId = String(request.id);
    if (problem.status >= 500) this.logger.error({ err: loggableError(error), code: problem.code }, 'request failed');
    const retryAfter = problem.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof DomainError) {
      const status = STATUS_OF_KIND[error.kind];
      return problem(status, error.code, error.message, error.details);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      return problem(status, CODE_OF_STATUS[status] ?? `HTTP_${status}`, String(message));
    }
    const fastifyError = error as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, body too large, unsupported content type…
      const status = fastifyError.statusCode;
      return problem(status, CODE_OF_STATUS[status] ?? `HTTP_${status}`, fastifyError.message ?? 'Bad request');
    }
    if (isDatabaseUnavailable(error)) {
      return problem(503, 'SERVICE_UNAVAILABLE', 'Service momentanément indisponible. Réessayez dans un instant.');
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Une erreur inattendue est survenue.');
  }
}

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  return {
    type: `https://passerelle.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(status),
    status,
    code,
    detail,
    ...extensions,
  };
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return name ? name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ') : 'Error';
}

function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    if (message && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(message)) {
      return true;
    }
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
