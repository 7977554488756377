import { Hono } from 'hono';
import type { Context, Env } from 'hono';
import type { FlagDefinition, FlagsConfig } from '../../../shared/flags/types.ts';
import { OVERRIDE_TOKEN_MAX_LIFETIME_MS, signOverrideToken } from '../../../shared/override-token.ts';
import { flagStoreFor, requireFlagCaller } from '../flags/flags-context.ts';
import type { FlagRouteOptions } from '../flags/flags-context.ts';
import type { ChangeRequest } from '../flags/apply-config-change.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import { createFlagsRepository } from '../flags/flags-repository.ts';
import type { FlagsRepository } from '../flags/flags-repository.ts';
import { HttpError } from '../http-errors.ts';
import { queryInteger, queryLimit } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

const ADMIN_BODY_BYTES = 256 * 1024;
const DEFAULT_TOKEN_MINUTES = 60;

/** What the flag handlers share, made once per route factory. */
interface FlagRouteParts {
  options: FlagRouteOptions;
  store: FlagStore;
  repository: FlagsRepository;
  now: () => number;
}

/** The context of a route on one flag definition (`:key`). */
type FlagKeyContext = Context<Env, '/flags/definitions/:key'>;

/**
 * Flag configuration: `GET /flags/config` (write, read or staff; ETag + 304), the version history
 * (`GET /flags/history`, `GET /flags/history/:version`; read key or staff), admin changes with a staff token
 * (`PUT /flags/config`, `PUT /flags/definitions/:key`, `DELETE /flags/definitions/:key`), and override tokens
 * for staff (`POST /flags/override-token`).
 */
export function flagRoutes(options: FlagRouteOptions): Hono {
  const store = flagStoreFor(options);
  const repository = createFlagsRepository(options.storage.db);
  const now = options.now ?? Date.now;
  const routes = new Hono();
  const parts: FlagRouteParts = { options, store, repository, now };

  routes.get('/flags/config', (context) => serveConfig(context, parts));
  routes.get('/flags/history', (context) => listHistory(context, parts));
  routes.get('/flags/history/:version', (context) => getHistoryVersion(context, parts));
  routes.put('/flags/config', (context) => replaceConfig(context, parts));
  routes.put('/flags/definitions/:key', (context) => setFlagDefinition(context, parts));
  routes.delete('/flags/definitions/:key', (context) => deleteFlagDefinition(context, parts));
  routes.post('/flags/override-token', (context) => issueOverrideToken(context, parts));
  return routes;
}

/** `GET /flags/config`: the served config with its ETag, or 304 when the client's copy is current. */
async function serveConfig(context: Context, { options, store }: FlagRouteParts): Promise<Response> {
  requireFlagCaller(context, options, ['write', 'read', 'staff']);
  const served = await store.current();
  // no-cache: clients must revalidate every time (a kill switch must win), which the ETag makes cheap.
  const headers = { ETag: served.etag, 'Cache-Control': 'no-cache' };
  if (matchesEtag(context.req.header('if-none-match'), served.etag)) return context.body(null, 304, headers);
  return context.body(served.body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

/** `GET /flags/history`: the newest config versions. */
async function listHistory(context: Context, { options, store, repository }: FlagRouteParts): Promise<Response> {
  requireFlagCaller(context, options, ['read', 'staff']);
  const limit = queryLimit(context.req.query('limit'), 50);
  await store.current();
  return context.json({ versions: await repository.history(limit) });
}

/** `GET /flags/history/:version`: one config version. */
async function getHistoryVersion(
  context: Context<Env, '/flags/history/:version'>,
  { options, repository }: FlagRouteParts,
): Promise<Response> {
  requireFlagCaller(context, options, ['read', 'staff']);
  const version = queryInteger(context.req.param('version'), 'version', 0, 1, Number.MAX_SAFE_INTEGER);
  const entry = await repository.get(version);
  if (!entry) throw new HttpError(404, `no config version ${version}`);
  return context.json(entry);
}

/** `PUT /flags/config` (staff): replaces the whole config (its version and derived key are the server's). */
async function replaceConfig(context: Context, { options, store }: FlagRouteParts): Promise<Response> {
  const request = await changeRequest(context, options);
  if (!isRecord(request.body.config))
    throw new HttpError(400, 'body.config must be the whole flags config: { "flags": { … } }');
  const {
    version: _ignored,
    overrideTokenPublicKey: _derived,
    ...config
  } = request.body.config as unknown as FlagsConfig;
  const served = await store.change('replace', () => config, request.change);
  return context.json({ version: served.version, etag: served.etag });
}

/** `PUT /flags/definitions/:key` (staff): adds or replaces one flag. */
async function setFlagDefinition(context: FlagKeyContext, { options, store }: FlagRouteParts): Promise<Response> {
  const key = context.req.param('key');
  const request = await changeRequest(context, options);
  if (!isRecord(request.body.flag))
    throw new HttpError(400, 'body.flag must be a flag definition: { "type", "defaultValue", "rules"? }');
  const flag = request.body.flag as unknown as FlagDefinition;
  const served = await store.change(
    'set-flag',
    (config) => ({ ...config, flags: { ...config.flags, [key]: flag } }),
    request.change,
  );
  return context.json({ version: served.version, etag: served.etag });
}

/** `DELETE /flags/definitions/:key` (staff): removes one flag; `?author=&note=` describe the change. */
async function deleteFlagDefinition(context: FlagKeyContext, { options, store }: FlagRouteParts): Promise<Response> {
  const key = context.req.param('key');
  const caller = requireFlagCaller(context, options, ['staff']);
  const current = await store.current();
  if (!Object.hasOwn(current.config.flags, key)) throw new HttpError(404, `no flag "${key}"`);
  const served = await store.change(
    'delete-flag',
    (config) => {
      const { [key]: _removed, ...flags } = config.flags;
      return { ...config, flags };
    },
    {
      actor: caller.kind === 'staff' ? caller.actor : 'unknown',
      ...optionalText(context.req.query('author'), 'author'),
      ...optionalText(context.req.query('note'), 'note'),
    },
  );
  return context.json({ version: served.version, etag: served.etag });
}

/** `POST /flags/override-token` (staff): a signed token that lets one browser on one origin override flags. */
async function issueOverrideToken(context: Context, { options, store, now }: FlagRouteParts): Promise<Response> {
  const caller = requireFlagCaller(context, options, ['staff']);
  const { minutes, origin, anonymousId } = await overrideTokenRequest(context);
  const iat = now();
  const claims = {
    sub: caller.kind === 'staff' ? caller.actor : 'staff',
    iat,
    exp: iat + Math.round(minutes * 60_000),
    origin,
    aid: anonymousId,
  };
  const keys = await store.signingKey();
  const token = await signOverrideToken(claims, keys.privateKey);
  return context.json({ token, expiresAt: claims.exp, publicKey: keys.publicKey });
}

/** Reads and checks an override token request: `{ origin, anonymousId, ttlMinutes? }`. */
async function overrideTokenRequest(
  context: Context,
): Promise<{ minutes: number; origin: string; anonymousId: string }> {
  const input = await optionalJsonObject(context);
  const minutes = input.ttlMinutes === undefined ? DEFAULT_TOKEN_MINUTES : Number(input.ttlMinutes);
  const maxMinutes = OVERRIDE_TOKEN_MAX_LIFETIME_MS / 60_000;
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > maxMinutes)
    throw new HttpError(400, `ttlMinutes must be a number above 0 and at most ${maxMinutes}`);
  // Both are required: a token the page leaks must be worthless on another origin and in another browser.
  if (typeof input.origin !== 'string' || !/^https?:\/\/[^/\s]+$/.test(input.origin)) {
    throw new HttpError(
      400,
      'origin is required: an origin such as "https://crm.example.com" (scheme, host, optional port, no path)',
    );
  }
  if (typeof input.anonymousId !== 'string' || !/^[\w-]{1,64}$/.test(input.anonymousId)) {
    throw new HttpError(
      400,
      "anonymousId is required: the widget's anonymous id on that page (1 to 64 letters, digits, '-' or '_')",
    );
  }
  return { minutes, origin: input.origin, anonymousId: input.anonymousId };
}

/** The body as a JSON object of at most 4096 bytes; the body is optional, and an empty one is `{}` (the defaults). */
async function optionalJsonObject(context: Context): Promise<Record<string, unknown>> {
  const text = await context.req.text();
  if (text.length > 4096) throw new HttpError(413, 'body is over the limit of 4096 bytes');
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('expected an object');
    return parsed;
  } catch (error) {
    throw new HttpError(
      400,
      `body must be a JSON object { origin, anonymousId, ttlMinutes? }: ${(error as Error).message}`,
    );
  }
}

/** Reads an admin change's body and credentials: `{ note?, author?, baseVersion?, … }`. */
async function changeRequest(
  context: Context,
  options: FlagRouteOptions,
): Promise<{ body: Record<string, unknown>; change: ChangeRequest }> {
  const caller = requireFlagCaller(context, options, ['staff']);
  const body = await readJsonBody(context, ADMIN_BODY_BYTES);
  if (!isRecord(body)) throw new HttpError(400, 'body must be a JSON object');
  if (body.baseVersion !== undefined && !Number.isInteger(body.baseVersion))
    throw new HttpError(400, 'baseVersion must be an integer');
  return {
    body,
    change: {
      actor: caller.kind === 'staff' ? caller.actor : 'unknown',
      ...optionalText(body.author, 'author'),
      ...optionalText(body.note, 'note'),
      ...(body.baseVersion !== undefined ? { baseVersion: body.baseVersion as number } : {}),
    },
  };
}

function optionalText(value: unknown, name: 'author' | 'note'): { author?: string; note?: string } {
  if (value === undefined) return {};
  if (typeof value !== 'string' || value.length > 500)
    throw new HttpError(400, `${name} must be a string of at most 500 characters`);
  return { [name]: value };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .some((candidate) => candidate.trim().replace(/^W\//, '') === etag || candidate.trim() === '*');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
