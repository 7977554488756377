import * as v from 'valibot';
import { BugReportSchema } from './protocol.ts';

/**
 * Messages between the widget (page world) and the extension's content script, carried by `window.postMessage`.
 * Both sides validate everything they receive: the page, or any iframe in it, can post anything.
 */
export const BRIDGE_CHANNEL = 'crm-insights';
/** Largest serialized bridge message either side accepts. */
export const BRIDGE_MAX_BYTES = 256 * 1024;

export const LastSyncSchema = v.object({
  at: v.number(),
  ok: v.boolean(),
  status: v.optional(v.number()),
  error: v.optional(v.pipe(v.string(), v.maxLength(500))),
  delivered: v.optional(v.number()),
});

export const WidgetStateSchema = v.object({
  version: v.pipe(v.string(), v.maxLength(50)),
  endpoint: v.pipe(v.string(), v.maxLength(2000)),
  sessionId: v.pipe(v.string(), v.maxLength(64)),
  anonymousId: v.pipe(v.string(), v.maxLength(64)),
  userId: v.optional(v.pipe(v.string(), v.maxLength(200))),
  queued: v.number(),
  storage: v.picklist(['indexeddb', 'memory']),
  lastSync: v.optional(LastSyncSchema),
});
export type WidgetState = v.InferOutput<typeof WidgetStateSchema>;

const RequestId = v.pipe(v.string(), v.maxLength(64));

export const ToWidgetSchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('to-widget'),
  kind: v.literal('get-state'),
  requestId: RequestId,
});
export type ToWidgetMessage = v.InferOutput<typeof ToWidgetSchema>;

export const FromWidgetSchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('from-widget'),
  kind: v.literal('state'),
  requestId: v.optional(RequestId),
  state: WidgetStateSchema,
});
export type FromWidgetMessage = v.InferOutput<typeof FromWidgetSchema>;

/** Parses a message if it is a well-formed, size-capped bridge message of the given schema; otherwise undefined. */
export function parseBridgeMessage<T extends v.GenericSchema>(schema: T, data: unknown): v.InferOutput<T> | undefined {
  if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== BRIDGE_CHANNEL) return undefined;
  try {
    if (JSON.stringify(data).length > BRIDGE_MAX_BYTES) return undefined;
  } catch {
    return undefined;
  }
  const result = v.safeParse(schema, data);
  return result.success ? result.output : undefined;
}

/*
 * Bug-report bundle: the extension's "Report a bug" asks the widget (over window messages, like `get-state`) for
 * what it has buffered; the widget answers with the page, ids, recent errors, failed requests, breadcrumbs,
 * vitals, flags and the replay it queued, and says which parts it could not provide and why.
 */

/** What the widget attaches to a bug report; the same fields as `BugReportSchema`, minus what the reporter writes. */
export const BugBundleSchema = v.object({
  ...v.partial(v.pick(BugReportSchema, ['page', 'userId', 'anonymousId', 'sessionId', 'errors', 'failedRequests', 'breadcrumbs', 'vitals', 'flags', 'environment', 'missing', 'replayChunks'])).entries,
});
export type BugBundle = v.InferOutput<typeof BugBundleSchema>;

export const BugBundleRequestSchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('to-widget'),
  kind: v.literal('get-bug-bundle'),
  requestId: RequestId,
});
export type BugBundleRequest = v.InferOutput<typeof BugBundleRequestSchema>;

export const BugBundleMessageSchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('from-widget'),
  kind: v.literal('bug-bundle'),
  requestId: RequestId,
  bundle: BugBundleSchema,
});
export type BugBundleMessage = v.InferOutput<typeof BugBundleMessageSchema>;
