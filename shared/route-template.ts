/**
 * Turns a concrete URL path into its route template, so `/contacts/123` and `/contacts/456` are one API route:
 * numeric ids become `:id`, UUIDs `:uuid`, long hex or opaque tokens (hashes, Mongo/ULID-style ids) `:hash`.
 * Pure and isomorphic: the widget names API calls with it and the server can group by it.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX = /^[0-9a-f]{16,}$/i;
// A segment with digits mixed into 20+ letters is an opaque id (ULID, base64url token), never a route word.
const OPAQUE = /^(?=.*\d)[A-Za-z0-9_-]{20,}$/;
const EMAIL = /^[^@/\s]+@[^@/\s]+$/;

/**
 * Whether a segment is a route word (`contacts`, `notes`): under 16 characters without a digit, `@` or escape, it can
 * match none of the patterns above. Checked by hand so a page's first view compiles no regexp (V8 compiles one at
 * its first use, about 3 ms of a throttled start-up for these).
 */
function isRouteWord(segment: string): boolean {
  if (segment.length > 15) return false;
  for (const char of segment) if ((char >= '0' && char <= '9') || char === '@' || char === '%') return false;
  return true;
}

/** The template of one path segment. */
function templateSegment(segment: string): string {
  if (isRouteWord(segment)) return segment;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A malformed escape is kept as it is.
  }
  if (NUMBER.test(decoded)) return ':id';
  if (UUID.test(decoded)) return ':uuid';
  if (HEX.test(decoded)) return ':hash';
  if (EMAIL.test(decoded)) return ':email';
  if (OPAQUE.test(decoded)) return ':token';
  return segment;
}

/** The route template of a path (query and hash dropped): `/contacts/123/notes` → `/contacts/:id/notes`. */
export function routeTemplate(path: string): string {
  const bare = path.split('#')[0]!.split('?')[0]!;
  return bare.split('/').map(templateSegment).join('/') || '/';
}
