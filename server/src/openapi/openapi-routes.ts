import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { openApiDocument } from './openapi-document.ts';

/**
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, public (it holds no secrets) and cached: built once on the
 * first request, with an ETag, since it only changes with the server's code.
 */
export function openApiRoutes({ version = 'dev' }: { version?: string }): Hono {
  let served: { body: string; etag: string } | undefined;
  return new Hono().get('/openapi.json', (context) => {
    served ??= serialize(version);
    const headers = { ETag: served.etag, 'Cache-Control': 'public, max-age=300' };
    if (context.req.header('if-none-match') === served.etag) return context.body(null, 304, headers);
    return context.body(served.body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  });
}

function serialize(version: string): { body: string; etag: string } {
  const body = JSON.stringify(openApiDocument(version));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
