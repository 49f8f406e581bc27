import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@passerelle/config';
import { requestIdOf } from './request-id';

/** Path without query string, with voucher codes masked: codes are bearer values and stay out of logs. */
function safePath(url: string | undefined): string {
  return (url ?? '').split('?')[0]!.replace(/(\/vouchers\/)[^/]+/i, '$1***');
}

/** JSON logs, one line per event, each carrying the request id (`req.id`) when inside a request. */
export function httpLoggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => requestIdOf(req),
      customProps: () => ({ service: 'api' }),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'], remove: true },
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, path: safePath(req.url) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  };
}
