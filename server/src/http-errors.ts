import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorResponse, ItemError } from '../../shared/protocol.ts';

/** An error with the HTTP status and message the client should see. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly items?: ItemError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Renders any thrown error as the API's JSON error body; only unexpected ones become a 500. */
export function renderError(error: unknown, context: Context): Response {
  if (error instanceof HttpError) {
    const body: ErrorResponse = error.items ? { error: error.message, items: error.items } : { error: error.message };
    return context.json(body, error.status, error.headers);
  }
  console.error('[crm-insights] unexpected error', error);
  return context.json({ error: 'internal error' } satisfies ErrorResponse, 500);
}
