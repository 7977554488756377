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

/**
 * Validates answers against the response schemas of an OpenAPI 3.1 document with a JSON Schema 2020-12 validator:
 * the document is added whole under an id, so its `#/components/...` references resolve as they do for any client.
 */
export function documentValidator(document: { paths: Record<string, Record<string, unknown>> }) {
  // Not strict: the document holds OpenAPI keywords (paths, responses) beside the schemas it is the root of.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();
  const pointer = (...parts: string[]) =>
    parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

  const validateAt = (at: string, value: unknown): string[] => {
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

  return {
    /** The statuses the document lists for a route (`GET /api/x/{id}`). */
    statuses(method: string, path: string): string[] {
      const operation = document.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, unknown> };
      return Object.keys(operation?.responses ?? {});
    },
    /** The query parameters the document lists for a route. */
    queryNames(method: string, path: string): string[] {
      const operation = document.paths[path]?.[method.toLowerCase()] as { parameters?: { name: string; in: string }[] };
      return (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query').map(({ name }) => name);
    },
    /** Checks a request body against the route's documented body schema; the errors, or none. */
    checkRequest(method: string, path: string, body: unknown): string[] {
      const operation = document.paths[path]?.[method.toLowerCase()] as {
        requestBody?: { content: Record<string, unknown> };
      };
      const type = Object.keys(operation?.requestBody?.content ?? {})[0];
      if (!type) return [`${method} ${path} documents no body`];
      return validateAt(pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', type, 'schema'), body);
    },
    /** Checks one answer's body against the route's schema for its status; the errors, or none. */
    check(method: string, path: string, status: number, contentType: string, body: unknown): string[] {
      const statuses = this.statuses(method, path);
      if (!statuses.length) return [`${method} ${path} is not in the document`];
      if (!statuses.includes(String(status)))
        return [`${method} ${path} answered ${status}, which the document does not list`];
      const responses = (
        document.paths[path]![method.toLowerCase()] as {
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      ).responses;
      const media = Object.keys(responses[String(status)]!.content ?? {});
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
