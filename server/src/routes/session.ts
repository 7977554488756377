import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bearerToken, sameSecret } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { readJsonBody } from '../read-body.ts';
import { SESSION_COOKIE, sessionCaller } from '../sessions/session-middleware.ts';
import type { SessionRole, SessionStore } from '../sessions/session-store.ts';

/** How long a dashboard sign-in lasts. */
const SESSION_TTL_MS = 12 * 3_600_000;

/** What the session and pairing routes need: the credentials, the session store, the proxy count for `Secure`. */
export interface SessionRouteOptions extends ReadCredentials {
  sessions: SessionStore;
  trustProxy?: boolean | number;
}

/**
 * Dashboard sign-in: `POST /session` `{ key }` exchanges the read key or a staff token for an HttpOnly,
 * SameSite=Strict cookie (Secure over HTTPS) and answers `{ role, expiresAt }`; `GET /session` says who the
 * cookie signs in (`{ signedIn: false }` when nobody); `DELETE /session` signs out (the cookie's session, or the bearer session token's).
 */
export function sessionRoutes(options: SessionRouteOptions): Hono {
  const routes = new Hono();

  routes.post('/session', async (context) => {
    const body = await readJsonBody(context, 4096);
    const key = typeof body === 'object' && body !== null ? (body as { key?: unknown }).key : undefined;
    if (typeof key !== 'string' || !key.trim())
      throw new HttpError(400, 'body must be { "key": "<read key or staff token>" }');
    const role = roleOf(key.trim(), options);
    const { token, expiresAt } = await options.sessions.createSession(role, SESSION_TTL_MS);
    setCookie(context, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(context, options.trustProxy),
      path: '/api',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return context.json({ role, expiresAt }, 201, { 'Cache-Control': 'no-store' });
  });

  routes.get('/session', (context) => {
    // 200 either way: "nobody" is an answer, not an error, and a signed-out dashboard should log no failed request.
    const session = sessionCaller(context);
    const body = session ? { signedIn: true, role: session.role, expiresAt: session.expiresAt } : { signedIn: false };
    return context.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  routes.delete('/session', async (context) => {
    // The cookie (dashboard) or a bearer session token (the paired extension signing out); a static key is no session.
    const token = getCookie(context, SESSION_COOKIE) ?? bearerToken(context);
    if (token) await options.sessions.deleteSession(token);
    deleteCookie(context, SESSION_COOKIE, { path: '/api', secure: isHttps(context, options.trustProxy) });
    return context.json({ signedOut: true });
  });

  return routes;
}

/** The role a key signs in as: staff for a staff token, reader for the read key; 403 for anything else. */
function roleOf(key: string, keys: ReadCredentials): SessionRole {
  if ((keys.staffTokens ?? []).some((token) => sameSecret(key, token))) return 'staff';
  if (sameSecret(key, keys.readKey)) return 'reader';
  if (keys.writeKey && sameSecret(key, keys.writeKey))
    throw new HttpError(
      403,
      'wrong key: this is the public write key, which only sends data; sign in with the secret read key or a staff token',
    );
  throw new HttpError(403, 'wrong key: sign in with the read key or a staff token');
}

/** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
export function isHttps(context: Context, trustProxy: boolean | number = false): boolean {
  if (new URL(context.req.url).protocol === 'https:') return true;
  return Boolean(trustProxy) && context.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
