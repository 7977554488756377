import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { bearerToken, requireAllowedOrigin, sameSecret } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { sessionCaller } from '../sessions/session-middleware.ts';
import type { Storage } from '../storage/types.ts';
import { createFlagStore } from './flag-store.ts';
import type { FlagStore } from './flag-store.ts';
import { createFlagsRepository } from './flags-repository.ts';
import { flagsFilePath, loadFlagsFile } from './load-flags-file.ts';

/** What the flag and experiment routes need (a subset of `AppOptions`, plus the flags file). */
export interface FlagRouteOptions {
  storage: Storage;
  writeKey: string;
  readKey: string;
  /** Staff tokens (the extension's Settings): admin changes and override tokens. */
  staffTokens?: readonly string[];
  /** Browser origins allowed to use the write key (empty: any). */
  allowedOrigins?: readonly string[];
  now?: () => number;
  /** The flags file; defaults to `FLAGS_FILE` from the environment, then `server/flags.example.json`. */
  flagsFile?: string;
  env?: NodeJS.ProcessEnv;
}

// Both route factories (flags and experiments) must share one store per storage, so a change made through one is
// what the other evaluates.
const stores = new WeakMap<Storage, FlagStore>();

/**
 * The flag store for these options, made on first call. Loading and validating the flags file happens here,
 * synchronously, so a bad file stops `createApp` (and so the server's start) with an error naming the field.
 */
export function flagStoreFor(options: FlagRouteOptions): FlagStore {
  let store = stores.get(options.storage);
  if (!store) {
    const path = options.flagsFile ?? flagsFilePath(options.env ?? process.env);
    store = createFlagStore(
      createFlagsRepository(options.storage.db),
      path ? loadFlagsFile(path) : undefined,
      options.now,
    );
    stores.set(options.storage, store);
  }
  return store;
}

/** Which credential a request carried. */
export type FlagCaller = { kind: 'write' } | { kind: 'read' } | { kind: 'staff'; actor: string };

/**
 * Checks the bearer token against the credentials a route accepts; 401 when none was sent, 403 naming the
 * accepted ones otherwise. A staff caller is identified by a fingerprint of their token (never the token),
 * which is what the version history records as "who".
 */
export function requireFlagCaller(
  context: Context,
  options: FlagRouteOptions,
  accepted: readonly FlagCaller['kind'][],
): FlagCaller {
  const token = bearerToken(context);
  const names = accepted.map((kind) => (kind === 'staff' ? 'a staff token' : `the ${kind} key`)).join(' or ');
  const session = sessionCaller(context);
  if (session?.role === 'staff' && accepted.includes('staff')) return { kind: 'staff', actor: session.actor };
  if (session?.role === 'reader' && accepted.includes('read')) return { kind: 'read' };
  if (session) throw new HttpError(403, `this session cannot use this route: it takes ${names}`);
  if (!token) throw new HttpError(401, `missing key: send "Authorization: Bearer <key>" with ${names}`);
  if (accepted.includes('write') && sameSecret(token, options.writeKey)) {
    requireAllowedOrigin(context.req.header('origin'), options.allowedOrigins);
    return { kind: 'write' };
  }
  if (accepted.includes('read') && sameSecret(token, options.readKey)) return { kind: 'read' };
  if (accepted.includes('staff') && (options.staffTokens ?? []).some((staff) => sameSecret(token, staff))) {
    return { kind: 'staff', actor: `staff:${createHash('sha256').update(token).digest('hex').slice(0, 12)}` };
  }
  throw new HttpError(403, `wrong key: this route takes ${names}`);
}
