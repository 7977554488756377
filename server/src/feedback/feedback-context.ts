import type { Context } from 'hono';
import { bearerToken, requireAllowedOrigin, sameSecret } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { sessionCaller } from '../sessions/session-middleware.ts';
import type { Storage } from '../storage/types.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import type { FeedbackRepository } from './feedback-repository.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { OutboundClient, OutboundPolicy } from '../outbound/outbound-client.ts';
import type { StorageQuotas } from './storage-quota.ts';

/** What the feedback routes need (a subset of `AppOptions`): storage, keys, a clock. */
export interface FeedbackRouteOptions {
  storage: Storage;
  writeKey: string;
  readKey: string;
  /** Tokens support staff use (the extension's Settings); they may file and read bug reports. */
  staffTokens?: readonly string[];
  /** Browser origins allowed to use the write key (empty: any). */
  allowedOrigins?: readonly string[];
  /** What the write key may store per day; defaults in `DEFAULT_STORAGE_QUOTAS`. */
  storageQuotas?: StorageQuotas;
  now?: () => number;
  /** Retry schedule of webhook deliveries (tests shorten the waits). */
  webhook?: DeliveryOptions;
  /** The operator's outbound allow-list (`INSIGHTS_OUTBOUND_ALLOW`); none given: internal addresses are refused. */
  outboundPolicy?: OutboundPolicy;
  /** The client webhooks go through; default one made from `outboundPolicy`. */
  outboundClient?: OutboundClient;
}

/** The feedback repository over the app's database (built once per route factory). */
export function feedbackRepository(options: FeedbackRouteOptions): FeedbackRepository {
  return createFeedbackRepository(options.storage.db);
}

/** Which credential a request carried. */
export type Caller = 'write' | 'read' | 'staff';

/**
 * Checks the bearer token against the keys a route accepts and says which one it was; 401 when none was sent,
 * 403 naming the accepted keys when it is none of them.
 */
export function requireCaller(context: Context, options: FeedbackRouteOptions, accepted: readonly Caller[]): Caller {
  const token = bearerToken(context);
  const names = accepted.map((caller) => (caller === 'staff' ? 'a staff token' : `the ${caller} key`)).join(' or ');
  const session = sessionCaller(context);
  const sessionCallerKind: Caller | undefined = session && (session.role === 'staff' ? 'staff' : 'read');
  if (sessionCallerKind && accepted.includes(sessionCallerKind)) return sessionCallerKind;
  if (session) throw new HttpError(403, `this session cannot use this route: it takes ${names}`);
  if (!token) throw new HttpError(401, `missing key: send "Authorization: Bearer <key>" with ${names}`);
  if (accepted.includes('write') && sameSecret(token, options.writeKey)) {
    requireAllowedOrigin(context.req.header('origin'), options.allowedOrigins);
    return 'write';
  }
  if (accepted.includes('read') && sameSecret(token, options.readKey)) return 'read';
  if (accepted.includes('staff') && (options.staffTokens ?? []).some((staff) => sameSecret(token, staff)))
    return 'staff';
  throw new HttpError(403, `wrong key: this route takes ${names}`);
}

// Query parsing lives in one module (query-params.ts); these names stay importable from here for existing callers.
export { queryInteger, queryTime } from '../query-params.ts';
