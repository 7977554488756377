import { Hono } from 'hono';
import { HttpError } from '../http-errors.ts';
import { readJsonBody } from '../read-body.ts';
import { sameSecret, bearerToken } from '../auth.ts';
import { sessionCaller } from '../sessions/session-middleware.ts';
import { PAIRING_CODE_LENGTH } from '../sessions/session-store.ts';
import { isHttps } from './session.ts';
import type { SessionRouteOptions } from './session.ts';

/** A pairing code lives five minutes; the session it buys, twelve hours. */
const PAIRING_CODE_TTL_MS = 5 * 60_000;
const PAIRED_SESSION_TTL_MS = 12 * 3_600_000;

/**
 * Extension pairing: `POST /extension/pairing` (staff token or staff session) makes a single-use code of 8
 * characters valid for 5 minutes; `POST /extension/pair` `{ code }` trades it for a staff session token of
 * 12 hours the extension sends as `Authorization: Bearer <token>`, with the API's endpoint.
 */
export function extensionPairingRoutes(options: SessionRouteOptions): Hono {
  const routes = new Hono();

  routes.post('/extension/pairing', async (context) => {
    const session = sessionCaller(context);
    const bearer = bearerToken(context);
    const staffByToken = !!bearer && (options.staffTokens ?? []).some((token) => sameSecret(bearer, token));
    if (!staffByToken && session?.role !== 'staff') {
      throw new HttpError(
        bearer || session ? 403 : 401,
        'pairing the extension takes a staff token or a staff session: sign in to the dashboard with a staff token',
      );
    }
    return context.json(await options.sessions.createPairingCode(PAIRING_CODE_TTL_MS), 201, {
      'Cache-Control': 'no-store',
    });
  });

  routes.post('/extension/pair', async (context) => {
    const body = await readJsonBody(context, 1024);
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    if (typeof code !== 'string' || !code.trim())
      throw new HttpError(
        400,
        `body must be { "code": "<the ${PAIRING_CODE_LENGTH}-character code the dashboard shows>" }`,
      );
    if (!(await options.sessions.redeemPairingCode(code)))
      throw new HttpError(
        403,
        'pairing code is wrong, expired or already used: make a new one in the dashboard (Operations → Connect the extension)',
      );
    const { token, expiresAt } = await options.sessions.createSession('staff', PAIRED_SESSION_TTL_MS);
    const url = new URL(context.req.url);
    const endpoint = `${isHttps(context, options.trustProxy) ? 'https:' : url.protocol}//${context.req.header('host') ?? url.host}`;
    return context.json({ endpoint, token, role: 'staff', expiresAt }, 201, { 'Cache-Control': 'no-store' });
  });

  return routes;
}
