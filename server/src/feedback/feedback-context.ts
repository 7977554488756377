import type { Context } from 'hono';
import { bearerToken, sameSecret } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import type { FeedbackRepository } from './feedback-repository.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { OutboundClient, OutboundPolicy } from '../outbound/outbound-client.ts';

/** What the feedback routes need (a subset of `AppOptions`): storage, keys, a clock. */
export interface FeedbackRouteOptions {
  storage: Storage;
  writeKey: string;
  readKey: string;
  /** Tokens support staff use (the extension's Settings); they may file and read bug reports. */
  staffTokens?: readonly string[];
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
  if (!token) throw new HttpError(401, `missing key: send "Authorization: Bearer <key>" with ${names}`);
  if (accepted.includes('write') && sameSecret(token, options.writeKey)) return 'write';
  if (accepted.includes('read') && sameSecret(token, options.readKey)) return 'read';
  if (accepted.includes('staff') && (options.staffTokens ?? []).some((staff) => sameSecret(token, staff))) return 'staff';
  throw new HttpError(403, `wrong key: this route takes ${names}`);
}

/** Parses an optional integer query parameter within bounds, or answers 400 saying what is allowed. */
export function queryInteger(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return number;
}

/** Parses an optional time query parameter (epoch ms or ISO date), or answers 400. */
export function queryTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new HttpError(400, `${name} must be epoch milliseconds or an ISO date`);
  return time;
}
