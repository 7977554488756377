import * as v from 'valibot';
import { BugReportSchema } from './protocol.ts';

/**
 * The one channel between the widget (page world) and the extension's content script. Two window messages open
 * it (`ready` from the widget, `connect` with a `MessagePort` from the content script); everything else (state,
 * flags, overrides, live events, the bug-report bundle) travels on that port. Both sides validate everything they
 * receive: the page, or any iframe in it, can post anything, and page scripts can see the port being handed over
 * (so nothing secret rides on it: override tokens are bound to this origin and this browser, see
 * `override-token.ts`).
 */
import { BRIDGE_CHANNEL } from './bridge-channel.ts';
export { BRIDGE_CHANNEL };
/** Largest serialized bridge message either side accepts. */
export const BRIDGE_MAX_BYTES = 256 * 1024;

const LastSyncSchema = v.object({
  at: v.number(),
  ok: v.boolean(),
  status: v.optional(v.number()),
  error: v.optional(v.pipe(v.string(), v.maxLength(500))),
  delivered: v.optional(v.number()),
});

const WidgetStateSchema = v.object({
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

/** Parses a message if it is a well-formed, size-capped bridge message of the given schema; otherwise undefined. */
export function parseBridgeMessage<T extends v.GenericSchema>(schema: T, data: unknown): v.InferOutput<T> | undefined {
  if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== BRIDGE_CHANNEL)
    return undefined;
  try {
    if (JSON.stringify(data).length > BRIDGE_MAX_BYTES) return undefined;
  } catch {
    return undefined;
  }
  const result = v.safeParse(schema, data);
  return result.success ? result.output : undefined;
}

/** Largest overrides message the widget accepts: QA forces a handful of values, not megabytes. */
export const OVERRIDES_MAX_BYTES = 32 * 1024;

const Key = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Json = v.unknown();

/** The widget announces itself on the window so a content script that loaded first knows to connect. */
export const WidgetReadySchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('from-widget'),
  kind: v.literal('ready'),
});
/** The content script hands over its port (in `event.ports[0]`). */
export const ConnectSchema = v.object({
  channel: v.literal(BRIDGE_CHANNEL),
  direction: v.literal('to-widget'),
  kind: v.literal('connect'),
});

/** What QA forces: flag values, experiment variations (index or key) and simulated attributes; at most 200 of each. */
const OverridesSchema = v.object({
  flags: v.optional(
    v.pipe(
      v.record(Key, Json),
      v.check((r) => Object.keys(r).length <= 200, 'at most 200 flag overrides'),
    ),
  ),
  experiments: v.optional(
    v.pipe(
      v.record(Key, v.union([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.string(), v.maxLength(200))])),
      v.check((r) => Object.keys(r).length <= 200, 'at most 200 experiment overrides'),
    ),
  ),
  attributes: v.optional(
    v.pipe(
      v.record(Key, Json),
      v.check((r) => Object.keys(r).length <= 200, 'at most 200 attributes'),
    ),
  ),
});
export type BridgeOverrides = v.InferOutput<typeof OverridesSchema>;

/**
 * Port messages to the widget: the current overrides (empty clears them) with the staff's signed token; a
 * request for the bug-report bundle; or `refresh` (send state and flags again).
 */
export const PortToWidgetSchema = v.variant('kind', [
  v.object({
    channel: v.literal(BRIDGE_CHANNEL),
    kind: v.literal('overrides'),
    overrides: OverridesSchema,
    token: v.optional(v.pipe(v.string(), v.maxLength(4000))),
  }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('get-flags') }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('refresh') }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('get-bug-bundle'), requestId: RequestId }),
]);
export type PortToWidgetMessage = v.InferOutput<typeof PortToWidgetSchema>;

/** One flag as the extension lists it: its value and why. */
const FlagRowSchema = v.object({
  key: Key,
  type: v.optional(v.pipe(v.string(), v.maxLength(20))),
  value: Json,
  source: v.pipe(v.string(), v.maxLength(20)),
  ruleId: v.pipe(v.string(), v.maxLength(200)),
  forced: v.boolean(),
  hashUsed: v.boolean(),
  experiment: v.optional(
    v.object({
      key: Key,
      variation: v.number(),
      variationKey: v.pipe(v.string(), v.maxLength(200)),
      hashAttribute: v.optional(v.pipe(v.string(), v.maxLength(200))),
      bucket: v.optional(v.number()),
      stickyBucketUsed: v.optional(v.boolean()),
    }),
  ),
});
export type FlagRow = v.InferOutput<typeof FlagRowSchema>;

/** One experiment as the extension lists it. */
const ExperimentRowSchema = v.object({
  key: Key,
  flag: Key,
  ruleId: v.pipe(v.string(), v.maxLength(200)),
  variations: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(50)),
  weights: v.pipe(v.array(v.number()), v.maxLength(50)),
  active: v.boolean(),
});
export type ExperimentRow = v.InferOutput<typeof ExperimentRowSchema>;

/** How the widget treated the overrides it was last given. */
const OverrideStatusSchema = v.picklist(['none', 'applied', 'ignored-unsigned', 'ignored-invalid-token']);
export type OverrideStatus = v.InferOutput<typeof OverrideStatusSchema>;

/** The widget's flags as the extension shows them. */
const FlagsStateSchema = v.object({
  configSource: v.picklist(['none', 'bootstrap', 'cache', 'network']),
  configVersion: v.optional(v.number()),
  fetchedAt: v.optional(v.number()),
  lastError: v.optional(v.pipe(v.string(), v.maxLength(500))),
  productionMode: v.boolean(),
  overrideStatus: OverrideStatusSchema,
  flags: v.pipe(v.array(FlagRowSchema), v.maxLength(1000)),
  experiments: v.pipe(v.array(ExperimentRowSchema), v.maxLength(500)),
  /** The config the widget evaluates (without its public key) and the attributes it hashes and targets on, so the
   * panel can explain every value with the same engine (`shared/flags/explain-flag.ts`). */
  config: v.optional(v.unknown()),
  attributes: v.optional(v.record(v.string(), Json)),
});
export type FlagsState = v.InferOutput<typeof FlagsStateSchema>;

/** A captured event as the Live tab shows it (the event itself, trimmed by the size cap). */
const LiveEventSchema = v.object({
  id: v.pipe(v.string(), v.maxLength(64)),
  type: v.pipe(v.string(), v.maxLength(40)),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  ts: v.number(),
  props: v.optional(v.record(v.string(), Json)),
});
export type LiveEvent = v.InferOutput<typeof LiveEventSchema>;

/*
 * Bug-report bundle: the extension's "Report a bug" asks the widget (`get-bug-bundle` on the port) for what it
 * has buffered; the widget answers with the page, ids, recent errors, failed requests, breadcrumbs,
 * vitals, flags and the replay it queued, and says which parts it could not provide and why.
 */

/** What the widget attaches to a bug report; the same fields as `BugReportSchema`, minus what the reporter writes. */
const BugBundleSchema = v.object({
  ...v.partial(
    v.pick(BugReportSchema, [
      'page',
      'userId',
      'anonymousId',
      'sessionId',
      'errors',
      'failedRequests',
      'breadcrumbs',
      'vitals',
      'flags',
      'environment',
      'missing',
      'replayChunks',
    ]),
  ).entries,
});
export type BugBundle = v.InferOutput<typeof BugBundleSchema>;

/** Most events the widget hands over on connect: what it captured on this page so far, newest kept. */
export const LIVE_HISTORY_MAX = 300;

/**
 * Port messages from the widget: its state and flags (on connect and on every change), what it captured so far
 * (`history`, once on connect), each new captured event, a bug-report bundle asked for, or "another sender
 * already holds the channel".
 */
export const PortFromWidgetSchema = v.variant('kind', [
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('state'), state: WidgetStateSchema }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('flags'), flags: FlagsStateSchema }),
  v.object({
    channel: v.literal(BRIDGE_CHANNEL),
    kind: v.literal('history'),
    events: v.pipe(v.array(LiveEventSchema), v.maxLength(LIVE_HISTORY_MAX)),
  }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('event'), event: LiveEventSchema }),
  v.object({
    channel: v.literal(BRIDGE_CHANNEL),
    kind: v.literal('bug-bundle'),
    requestId: RequestId,
    bundle: BugBundleSchema,
  }),
  v.object({ channel: v.literal(BRIDGE_CHANNEL), kind: v.literal('taken') }),
]);
export type PortFromWidgetMessage = v.InferOutput<typeof PortFromWidgetSchema>;
