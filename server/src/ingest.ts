import type { Context } from 'hono';
import { propsProblem } from '../../shared/events.ts';
import { LIMITS, validateBatch, validateEvent } from '../../shared/protocol.ts';
import type { IngestResponse, InsightEvent, ItemError } from '../../shared/protocol.ts';
import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import type { TrackingPlan } from '../../shared/tracking-plan/plan-types.ts';
import { bearerToken, requireAllowedOrigin, requireKey } from './auth.ts';
import { CLOCK_CLAMPED_TAG, placeEventTime } from './event-time.ts';
import { HttpError } from './http-errors.ts';
import { planTags } from './plan-tags.ts';
import { sampleRateOf } from './rate-limit-middleware.ts';
import { readJsonBody } from './read-body.ts';
import { createReplayRepository } from './replay/replay-repository.ts';
import { replayChunksPastLimit } from './replay/replay-session-limit.ts';
import type { Symbolicator } from './sourcemaps/symbolicator.ts';
import type { Storage, StoredEvent } from './storage/types.ts';

/** What an ingest route needs from the app's options. */
export interface IngestOptions {
  storage: Storage;
  writeKey: string;
  allowedOrigins?: readonly string[];
  /** The plan `track` events are tagged `off-plan` against; default the CRM plan, `false` checks nothing. */
  trackingPlan?: TrackingPlan | false;
  /** Resolves error frames with uploaded source maps before they are stored. */
  symbolicator?: Symbolicator;
  now?: () => number;
}

/** An ingest answer: what was stored, and the share of new events the client should keep sending. */
export interface IngestReply extends IngestResponse {
  sampleRate: number;
}

/** A batch as it passed validation. */
type Batch = Extract<ReturnType<typeof validateBatch>, { ok: true }>['value'];

/**
 * Validates and stores one batch (`{ sentAt, writeKey?, events }`, JSON or gzip, `application/json` or
 * `text/plain`). Each event is checked alone, envelope and then props (an event of a type with a props schema in
 * shared/events.ts must match it), so a 400 names every bad item; an item over `LIMITS.eventBytes` makes it a 413.
 * Nothing of a bad batch is stored, so the client can fix and resend it whole. `onlyType` narrows what a route takes
 * (e.g. only `error` events).
 */
export async function ingestBatch(
  context: Context,
  options: IngestOptions,
  onlyType?: InsightEvent['type'],
): Promise<IngestReply> {
  const { storage, trackingPlan = CRM_TRACKING_PLAN, symbolicator, now = Date.now } = options;
  const batch = await readBatch(context, options);
  const events = acceptedEvents(batch, now(), trackingPlan, onlyType);
  await requireReplayRoom(storage, events);
  await symbolicator?.symbolicate(events);
  const stored = await storage.insertEvents(events);
  return { ...stored, sampleRate: sampleRateOf(context.req.raw) };
}

/** Answers 400 naming the batch's replay chunks past their session's limit (`REPLAY_SESSION_MAX_CHUNKS`), if any. */
async function requireReplayRoom(storage: Storage, events: readonly StoredEvent[]): Promise<void> {
  if (!events.some((event) => event.type === 'replay')) return;
  const replays = createReplayRepository(storage.db);
  const items = await replayChunksPastLimit(events, replays.storedChunks);
  if (items.length)
    throw new HttpError(400, `${items.length} replay chunks are past their session's limit; none stored`, items);
}

/** The request's batch, once its key and origin are allowed and its body is within the limits and well formed. */
async function readBatch(
  context: Context,
  { writeKey, allowedOrigins }: Pick<IngestOptions, 'writeKey' | 'allowedOrigins'>,
): Promise<Batch> {
  // The key and origin are checked before the body is read when the key is in the header, so a caller without
  // the key cannot make the server read and parse a megabyte. Beacons carry it in the body (sendBeacon sets no
  // headers); their body is read first, within the same limits.
  const headerKey = bearerToken(context);
  if (headerKey !== undefined) requireKey(headerKey, writeKey, 'write key');
  requireAllowedOrigin(context.req.header('origin'), allowedOrigins);
  // gzip shrinks JSON by 5-20x; the decoded limit is what protects memory, the wire limit what protects bandwidth.
  const body = await readJsonBody(context, { maxBytes: LIMITS.batchBytes, maxDecodedBytes: LIMITS.batchBytes });
  if (headerKey === undefined)
    requireKey(isRecord(body) && typeof body.writeKey === 'string' ? body.writeKey : undefined, writeKey, 'write key');
  const batch = validateBatch(body);
  if (!batch.ok) throw new HttpError(400, `invalid batch: ${batch.message}`);
  return batch.value;
}

/**
 * The batch's events as they are stored, received at `receivedAt`; a 400 naming every bad item if any is bad, a
 * 413 if any is too large.
 */
function acceptedEvents(
  batch: Batch,
  receivedAt: number,
  trackingPlan: TrackingPlan | false,
  onlyType: InsightEvent['type'] | undefined,
): StoredEvent[] {
  const skew = receivedAt - batch.sentAt;
  const events: StoredEvent[] = [];
  const items: ItemError[] = [];
  let oversize = false;
  for (const [index, input] of batch.events.entries()) {
    const checked = checkItem(index, input, onlyType);
    if (checked.ok) events.push(storedEvent(checked.event, skew, receivedAt, trackingPlan));
    else {
      items.push(checked.item);
      oversize ||= checked.oversize;
    }
  }
  if (items.length)
    throw new HttpError(
      oversize ? 413 : 400,
      `${items.length} of ${batch.events.length} events are invalid; none stored`,
      items,
    );
  return events;
}

/**
 * Item `index` of a batch as an event if it is within the size limit, valid (its props too, for a type with a props
 * schema), and of `onlyType` when the route takes only that.
 */
function checkItem(
  index: number,
  input: unknown,
  onlyType: InsightEvent['type'] | undefined,
): { ok: true; event: InsightEvent } | { ok: false; item: ItemError; oversize: boolean } {
  const bytes = Buffer.byteLength(JSON.stringify(input) ?? '');
  if (bytes > LIMITS.eventBytes) {
    const message = `event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}`;
    return { ok: false, item: { index, id: idOf(input), message }, oversize: true };
  }
  const result = validateEvent(input);
  if (!result.ok) return { ok: false, item: { index, id: idOf(input), message: result.message }, oversize: false };
  const { id, type } = result.value;
  const problem =
    onlyType && type !== onlyType ? `type: this route takes only "${onlyType}" events` : propsProblem(result.value);
  if (problem) return { ok: false, item: { index, id, message: problem }, oversize: false };
  return { ok: true, event: result.value };
}

/** A valid event as it is stored: its time corrected by the batch's clock `skew`, tagged against the plan. */
function storedEvent(
  event: InsightEvent,
  skew: number,
  receivedAt: number,
  trackingPlan: TrackingPlan | false,
): StoredEvent {
  // Validation made this copy of the event, so it is extended in place: on Node 20, spreading valibot's output
  // into yet another object took about 3 µs per event, more than validating it.
  const placed = placeEventTime(event.ts, skew, receivedAt);
  const planned = planTags(event, trackingPlan);
  const tags = placed.clamped ? [...(planned ?? event.tags ?? []), CLOCK_CLAMPED_TAG] : planned;
  return Object.assign(event, tags ? { tags } : {}, { receivedAt, correctedTs: placed.correctedTs });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(input: unknown): string | undefined {
  return isRecord(input) && typeof input.id === 'string' ? input.id.slice(0, 64) : undefined;
}
