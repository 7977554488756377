import type { Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-errors.ts';

/** The bearer token of a request, if it sent one. */
export function bearerToken(context: Context): string | undefined {
  const header = context.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Throws 401 when no key was sent and 403 when the wrong one was, naming which key the route needs so a
 * caller who sent the write key to a read route learns why.
 */
export function requireKey(given: string | undefined, expected: string, which: 'write key' | 'read key'): void {
  if (!given) throw new HttpError(401, `missing ${which}: send "Authorization: Bearer <${which}>"`);
  if (!sameSecret(given, expected)) throw new HttpError(403, `wrong ${which}`);
}
