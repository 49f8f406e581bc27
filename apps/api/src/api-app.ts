import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, loadConfig } from '@passerelle/config';
import { ApiModule } from './api.module';
import { closeKeepAliveOnShutdown } from './http/connection-drain';
import { frameworkErrorAsProblem } from './http/framework-errors';
import { createValidationPipe } from './http/validation.pipe';
import { requestIdOf } from './http/request-id';
import { recordRoutes } from './http/route-catalog';
import { buildOpenApiDocument } from './openapi/openapi';

export interface ApiAppOptions {
  /** Where the JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
}

/** Builds the API application (not listening yet); main.ts and the test harness share it. */
export async function createApiApp(config: AppConfig = loadConfig(), options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: config.env === 'production',
    bodyLimit: 1_048_576,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    frameworkErrors: frameworkErrorAsProblem,
  });
  recordRoutes(adapter.getInstance());
  closeKeepAliveOnShutdown(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, options.logDestination), adapter, {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ origin: config.http.corsOrigins, credentials: false, exposedHeaders: ['x-request-id', 'retry-after'] });
  await app.register(helmet, {
    // The Swagger UI at /docs needs inline styles and scripts; the JSON API itself serves no HTML.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header('x-request-id', request.id);
    });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  return app;
}
