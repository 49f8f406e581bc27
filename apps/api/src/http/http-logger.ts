import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '@passerelle/config';
import { requestIdOf } from './request-id';

/** Middie rewrites `url` relative to the middleware's mount point; `originalUrl` is the real path. */
type RawRequest = IncomingMessage & { originalUrl?: string };

/** `/vouchers/<segment>` where the segment is a route name, not a voucher code. */
const VOUCHER_ROUTE_NAMES = /^(redeem|assigned)$/i;

/**
 * Path without query string, with voucher codes masked: codes are bearer values and stay out of
 * logs (the code segment after `/vouchers/` becomes three stars), route names such as `redeem` kept.
 */
export function safePath(req: RawRequest): string {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0]!;
  return path.replace(/(\/vouchers\/)([^/]+)/i, (whole, prefix: string, segment: string) => (VOUCHER_ROUTE_NAMES.test(segment) ? whole : `${prefix}***`));
}

/** JSON logs, one line per event, each carrying the request id (`req.id`) when inside a request. */
export function httpLoggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => requestIdOf(req),
      customProps: () => ({ service: 'api' }),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'], remove: true },
      serializers: {
        req: (req: RawRequest) => ({ id: req.id, method: req.method, path: safePath(req) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => safePath(req) === '/health' },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // nestjs-pino's default route pattern (`{/*splat}`) matches nothing under Nest 12's Fastify adapter.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
