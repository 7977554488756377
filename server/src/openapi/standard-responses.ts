import { ErrorResponseSchema } from '../http-error-schema.ts';
import type { ApiResponse, Operation } from './operation.ts';

/** An error status: the API's JSON error body, with what it means on this route. */
export function errorResponse(description: string, headers?: Record<string, string>): ApiResponse {
  return { description, schema: ErrorResponseSchema, ...(headers ? { headers } : {}) };
}

const RETRY_AFTER = { 'Retry-After': 'Seconds to wait before trying again.' };

/** A 503 from the analytics engine (stopped or a read interrupted by its time limit), with `Retry-After`. */
export const ENGINE_UNAVAILABLE = errorResponse(
  'The analytics engine is restarting or the read hit its time limit; retry after `Retry-After` seconds.',
  RETRY_AFTER,
);

/**
 * A route's responses with the ones every route of its kind may give: 400 for a URL holding NUL, 429 when the
 * rate limit is on (under `/api`), 401/403 when it takes a key, 400/413/415 when it reads a body. A status the
 * route lists itself keeps the route's words.
 */
export function standardResponses(operation: Operation): Record<number, ApiResponse> {
  const added: Record<number, ApiResponse> = {};
  const api = operation.path.startsWith('/api/');
  if (api) added[400] = errorResponse('The URL holds a NUL character (`%00`), which no parameter may hold.');
  if (operation.body) {
    added[400] = errorResponse('The body is not JSON, or not the shape this route takes; the message names the field.');
    added[413] = errorResponse('The body is over its size limit (on the wire, or once gzip is undone).');
    added[415] = errorResponse('A `Content-Encoding` other than `gzip`.');
  }
  if (!operation.callers.includes('public')) {
    added[401] = errorResponse('No credential was sent; the message names the one this route takes.');
    added[403] = errorResponse('A credential this route does not take (the message says which it needs).');
  }
  if (api)
    added[429] = errorResponse(
      'This key and client sent more than `RATE_LIMIT_PER_MINUTE` requests in the last minute.',
      RETRY_AFTER,
    );
  for (const status of operation.omit ?? []) delete added[status];
  const merged = { ...added, ...operation.responses };
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => Number(a) - Number(b)));
}
