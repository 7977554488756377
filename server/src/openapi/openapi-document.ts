import { ErrorResponseSchema } from '../http-error-schema.ts';
import { jsonSchemaOf } from './json-schema.ts';
import type { JsonSchema } from './json-schema.ts';
import type { ApiResponse, Operation } from './operation.ts';
import { API_OPERATIONS, API_TAGS } from './operations/api-operations.ts';
import { SECURITY_SCHEMES, securityOf } from './security-schemes.ts';
import { standardResponses } from './standard-responses.ts';

/** The OpenAPI 3.1 document as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, JsonSchema>> };

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** A Hono path (`/api/x/:id`) as OpenAPI writes it (`/api/x/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/**
 * The API's OpenAPI 3.1 document, built from the same valibot schemas the routes validate with (queries and
 * bodies) and the response schemas beside the routes.
 */
export function openApiDocument(version = 'dev', operations: readonly Operation[] = API_OPERATIONS): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    paths[path] ??= {};
    paths[path][operation.method.toLowerCase()] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'crm-insights API',
      version,
      summary:
        'Ingest, reads and administration of crm-insights: events, analytics, errors, feedback, flags, operations.',
      description:
        'The API `createApp` serves, under `/api` (and `/metrics` when a metrics token is set). The Node runner also serves the widget bundle, the dashboard and the demo CRM as files; they are not part of this document. Errors are `{ error, items? }` with a 4xx status; docs/http-api.md is generated from this document.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: API_TAGS.map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(ErrorResponseSchema) },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function operationObject(operation: Operation): JsonSchema {
  const security = securityOf(operation.callers);
  return {
    operationId: operationId(operation),
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(security.length ? { security } : { security: [] }),
    ...parametersOf(operation),
    ...(operation.body ? { requestBody: requestBodyOf(operation) } : {}),
    responses: Object.fromEntries(
      Object.entries(standardResponses(operation)).map(([status, response]) => [status, responseObject(response)]),
    ),
  };
}

/** `GET /api/errors/groups/:fingerprint` → `getErrorsGroupsFingerprint`. */
function operationId({ method, path }: Operation): string {
  const words = path
    .replace(/^\/api\//, '/')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function parametersOf(operation: Operation): { parameters?: JsonSchema[] } {
  const parameters: JsonSchema[] = [...operation.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(operation.params?.[name!] ? { description: operation.params[name!] } : {}),
  }));
  if (operation.query) {
    const query = jsonSchemaOf(operation.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description = operation.params?.[name], ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  return parameters.length ? { parameters } : {};
}

function requestBodyOf(operation: Operation): JsonSchema {
  const schema = jsonSchemaOf(operation.body!);
  return {
    required: !operation.bodyOptional,
    content: Object.fromEntries((operation.bodyTypes ?? ['application/json']).map((type) => [type, { schema }])),
  };
}

function responseObject(response: ApiResponse): JsonSchema {
  const type = response.contentType === undefined ? 'application/json' : response.contentType;
  const schema = response.schema === ErrorResponseSchema ? ERROR_REF : response.schema && jsonSchemaOf(response.schema);
  return {
    description: response.description,
    ...(response.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    ...(type === null ? {} : { content: { [type]: schema ? { schema } : {} } }),
  };
}
