import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const DOCUMENT_ID = 'https://crm-insights.invalid/openapi.json';

/** One checked answer: the route template, its status and what the schema said. */
export interface CheckedAnswer {
  route: string;
  status: number;
  errors: string[];
}

/** The document this validator reads: its paths, each holding an operation per method. */
interface OpenApiPaths {
  paths: Record<string, Record<string, unknown>>;
}

/** The parts of an operation the checks read. */
interface DocumentedOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Checks a value against the schema at a JSON pointer into the document; the errors, or none. */
type ValidateAt = (at: string, value: unknown) => string[];

/**
 * Validates answers against the response schemas of an OpenAPI 3.1 document with a JSON Schema 2020-12 validator:
 * the document is added whole under an id, so its `#/components/...` references resolve as they do for any client.
 */
export function documentValidator(document: OpenApiPaths) {
  const validateAt = schemaValidator(document);
  const operation = (method: string, path: string) =>
    document.paths[path]?.[method.toLowerCase()] as DocumentedOperation | undefined;
  const statuses = (method: string, path: string) => Object.keys(operation(method, path)?.responses ?? {});

  return {
    /** The statuses the document lists for a route (`GET /api/x/{id}`). */
    statuses,
    /** The query parameters the document lists for a route. */
    queryNames(method: string, path: string): string[] {
      return (operation(method, path)?.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map(({ name }) => name);
    },
    /** Checks a request body against the route's documented body schema; the errors, or none. */
    checkRequest(method: string, path: string, body: unknown): string[] {
      const type = Object.keys(operation(method, path)?.requestBody?.content ?? {})[0];
      if (!type) return [`${method} ${path} documents no body`];
      return validateAt(pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', type, 'schema'), body);
    },
    /** Checks one answer's body against the route's schema for its status; the errors, or none. */
    check(method: string, path: string, status: number, contentType: string, body: unknown): string[] {
      const listed = statuses(method, path);
      if (!listed.length) return [`${method} ${path} is not in the document`];
      if (!listed.includes(String(status)))
        return [`${method} ${path} answered ${status}, which the document does not list`];
      const media = Object.keys(operation(method, path)!.responses![String(status)]!.content ?? {});
      if (!media.length) return body === undefined ? [] : [`${status} should have no body`];
      const type = media.find((candidate) => contentType.startsWith(candidate.split(';')[0]!));
      if (!type) return [`content type ${contentType} is not among ${media.join(', ')}`];
      return validateAt(
        pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', type, 'schema'),
        body,
      );
    },
  };
}

/** A validator of the document's schemas by pointer, compiling each schema once. */
function schemaValidator(document: OpenApiPaths): ValidateAt {
  // Not strict: the document holds OpenAPI keywords (paths, responses) beside the schemas it is the root of.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();
  return (at, value) => {
    const ref = `${DOCUMENT_ID}#/${at}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate(value)
      ? []
      : (validate.errors ?? []).map(
          (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
        );
  };
}

/** A JSON pointer from its parts, each escaped (`~` as `~0`, `/` as `~1`). */
function pointer(...parts: string[]): string {
  return parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}
