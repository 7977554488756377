import type { Context } from 'hono';
import { requireFlagCaller } from '../flags/flags-context.ts';
import type { FlagCaller } from '../flags/flags-context.ts';
import type { Storage } from '../storage/types.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import type { FeedbackRepository } from './feedback-repository.ts';
import type { OutboundPolicy } from '../outbound/outbound-client.ts';
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
  /** The operator's outbound allow-list (`INSIGHTS_OUTBOUND_ALLOW`); none given: internal addresses are refused. */
  outboundPolicy?: OutboundPolicy;
}

/** The feedback repository over the app's database (built once per route factory). */
export function feedbackRepository(options: FeedbackRouteOptions): FeedbackRepository {
  return createFeedbackRepository(options.storage.db);
}

/** Which credential a request carried. */
export type Caller = 'write' | 'read' | 'staff';

/**
 * The one credential guard of the feedback routes (the flag routes' own, so every area answers alike): checks the
 * bearer token or session against the keys a route accepts and says which it was, with a staff caller's
 * fingerprint as `actor` (what change histories record as "who"); 401 when none was sent, 403 naming the
 * accepted keys when it is none of them.
 */
export const requireIdentifiedCaller: (
  context: Context,
  options: FeedbackRouteOptions,
  accepted: readonly Caller[],
) => FlagCaller = requireFlagCaller;

/** The guard above when a route needs only which credential it was. */
export function requireCaller(context: Context, options: FeedbackRouteOptions, accepted: readonly Caller[]): Caller {
  return requireIdentifiedCaller(context, options, accepted).kind;
}
// Query parsing lives in one module (query-params.ts); these names stay importable from here for existing callers.
