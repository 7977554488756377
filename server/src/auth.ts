import type { Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-errors.ts';
import { sessionCaller } from './sessions/session-middleware.ts';

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

/** The credentials a read route accepts: the secret read key, or a staff token (the extension's). */
export interface ReadCredentials {
  readKey: string;
  writeKey?: string;
  staffTokens?: readonly string[];
}

/**
 * Lets a read through with the read key, a staff token or a session (dashboard cookie, paired extension) and says which it was. 401 without a key; 403 with
 * any other, and a hint when it was the public write key, the commonest mix-up.
 */
export function requireReader(context: Context, keys: ReadCredentials): 'read' | 'staff' {
  const session = sessionCaller(context);
  if (session) return session.role === 'staff' ? 'staff' : 'read';
  const given = bearerToken(context);
  if (!given) throw new HttpError(401, 'missing read key: send "Authorization: Bearer <read key or staff token>"');
  if (sameSecret(given, keys.readKey)) return 'read';
  if ((keys.staffTokens ?? []).some((token) => sameSecret(given, token))) return 'staff';
  if (keys.writeKey && sameSecret(given, keys.writeKey))
    throw new HttpError(
      403,
      'wrong read key: this is the public write key, which can only send data; reads take the secret read key or a staff token',
    );
  throw new HttpError(403, 'wrong read key: reads take the secret read key or a staff token');
}

/** Which of the server's credentials a token is: the public write key, the secret read key, a staff token, or none. */
export function identifyKey(token: string | undefined, keys: ReadCredentials): 'write' | 'read' | 'staff' | undefined {
  if (!token) return undefined;
  if (keys.writeKey && sameSecret(token, keys.writeKey)) return 'write';
  if (sameSecret(token, keys.readKey)) return 'read';
  if ((keys.staffTokens ?? []).some((staff) => sameSecret(token, staff))) return 'staff';
  return undefined;
}

/**
 * Refuses a write from a browser origin not on the write key's allowed list (an empty list allows all), so a
 * copied public key cannot feed data from someone else's site. Requests without an Origin (servers, curl) pass.
 */
export function requireAllowedOrigin(origin: string | undefined, allowedOrigins: readonly string[] | undefined): void {
  if (!origin || !allowedOrigins?.length || allowedOrigins.includes(origin)) return;
  throw new HttpError(
    403,
    `origin ${origin} is not allowed to use this write key; allowed: ${allowedOrigins.join(', ')}`,
  );
}
