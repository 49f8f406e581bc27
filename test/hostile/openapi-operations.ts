/** The slice of OpenAPI 3 the fuzzer reads: operations, their parameters and body schemas, $refs resolved. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. /offers/{id}. */
  path: string;
  route: string;
  parameters: Parameter[];
  body?: Schema;
}

type RawSchema = Schema & { $ref?: string; allOf?: RawSchema[]; items?: RawSchema; properties?: Record<string, RawSchema> };
interface RawDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: RawSchema }> } }>>;
  components: { schemas: Record<string, RawSchema> };
}

function resolve(schema: RawSchema, document: RawDocument): Schema {
  if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]!, document);
  if (schema.allOf?.length === 1) return resolve({ ...schema.allOf[0]!, ...schema, allOf: undefined }, document);
  const { $ref: _ref, allOf: _allOf, items, properties, ...rest } = schema;
  return {
    ...rest,
    ...(items && { items: resolve(items, document) }),
    ...(properties && { properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, resolve(value, document)])) }),
  };
}

export function operationsOf(document: RawDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const content = operation.requestBody?.content['application/json'];
      return {
        method: method.toUpperCase(),
        path,
        route: `${method.toUpperCase()} ${path}`,
        parameters: (operation.parameters ?? []).map((parameter) => ({ ...parameter, required: Boolean(parameter.required) })),
        body: content ? resolve(content.schema, document) : undefined,
      };
    }),
  );
}
