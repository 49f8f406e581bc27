import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
  description?: string;
  'x-public'?: boolean;
  'x-roles'?: string[];
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Builds the OpenAPI 3 document; each operation states its auth requirement (public, any role, or roles). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Passerelle API')
    .setDescription(
      'Free help with online administrative procedures, paid by third-party voucher passes. Errors are RFC 9457 problem+json with a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        code: { type: 'string', description: 'Stable machine-readable error code' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        requestId: { type: 'string' },
      },
    },
  };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as Operation[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      operation.responses ??= {};
      operation.responses['400'] ??= problem('Malformed input');
      operation.responses['429'] ??= problem('Rate limited');
      if (operation['x-public']) {
        operation.security = [];
        continue;
      }
      operation.security = [{ bearer: [] }];
      operation.responses['401'] ??= problem('No or invalid access token');
      const roles = operation['x-roles'];
      if (roles) {
        operation.responses['403'] ??= problem(`Caller lacks one of the roles: ${roles.join(', ')}`);
        operation.description = [operation.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n');
      }
    }
  }
  return document;
}
