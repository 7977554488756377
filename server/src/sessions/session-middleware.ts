import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { bearerToken, sameSecret } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import type { SessionInfo, SessionStore } from './session-store.ts';

/** The cookie the dashboard's session travels in (scoped to `/api`). */
export const SESSION_COOKIE = 'insights_session';

/** What a request's session decided: a usable session, or why its cookie may not be used for this request. */
type RequestSession = { session: SessionInfo; via: 'cookie' | 'bearer' } | { refused: string };

// Keyed by the raw Request so guards read it synchronously without typing every Hono app's variables.
const sessions = new WeakMap<Request, RequestSession>();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session a request carries, checked against the store before the routes run: a bearer token that is a
 * session token (the paired extension), or the session cookie. A cookie on a mutating request counts only when
 * the request comes from this same site (Origin matches Host, and `Sec-Fetch-Site` is not cross-site: the CSRF
 * defence on top of SameSite=Strict) and the session is staff; otherwise the guard answers 403 saying why.
 * Static keys skip the lookup, so ingest with the write key never touches the sessions table.
 */
export function sessionMiddleware(store: SessionStore, staticKeys: () => readonly string[]): MiddlewareHandler {
  return async (context, next) => {
    const bearer = bearerToken(context);
    if (bearer) {
      if (!staticKeys().some((key) => sameSecret(bearer, key))) {
        const session = await store.verifySession(bearer);
        if (session) sessions.set(context.req.raw, { session, via: 'bearer' });
      }
      return next();
    }
    const cookie = getCookie(context, SESSION_COOKIE);
    const session = cookie ? await store.verifySession(cookie) : undefined;
    if (session)
      sessions.set(
        context.req.raw,
        SAFE_METHODS.has(context.req.method) ? { session, via: 'cookie' } : checkMutation(context, session),
      );
    return next();
  };
}

function checkMutation(context: Context, session: SessionInfo): RequestSession {
  const origin = context.req.header('origin');
  const host = context.req.header('host');
  if (context.req.header('sec-fetch-site') === 'cross-site')
    return { refused: 'cross-site request refused: the session cookie only works from the dashboard itself' };
  if (!origin || !host || hostOf(origin) !== host)
    return {
      refused: `cross-site request refused: a change made with the session cookie must come from the dashboard's own origin (Origin ${origin ?? 'missing'})`,
    };
  if (session.role !== 'staff')
    return {
      refused: 'this session is read-only (signed in with the read key): sign in with a staff token to change things',
    };
  return { session, via: 'cookie' };
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * The session a guard may accept for this request, or undefined when it carries none; throws 403 when it
 * carries a session cookie that may not be used here (cross-site, or a reader session trying to change things).
 */
export function sessionCaller(context: Context): SessionInfo | undefined {
  const found = sessions.get(context.req.raw);
  if (!found) return undefined;
  if ('refused' in found) throw new HttpError(403, found.refused);
  return found.session;
}
