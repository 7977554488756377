import type { Context } from 'hono';
import * as v from 'valibot';
import { describeIssues, LIMITS, validateBatch, validateEvent } from '../../shared/protocol.ts';
import type { IngestResponse, InsightEvent, ItemError } from '../../shared/protocol.ts';
import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import type { TrackingPlan } from '../../shared/tracking-plan/plan-types.ts';
import { bearerToken, requireAllowedOrigin, requireKey } from './auth.ts';
import { CLOCK_CLAMPED_TAG, placeEventTime } from './event-time.ts';
import { HttpError } from './http-errors.ts';
import { planTags } from './plan-tags.ts';
import { sampleRateOf } from './rate-limit-middleware.ts';
import { readJsonBody } from './read-body.ts';
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

/**
 * Validates and stores one batch (`{ sentAt, writeKey?, events }`, JSON or gzip, `application/json` or
 * `text/plain`). Each event is checked alone, so a 400 names every bad item; an item over `LIMITS.eventBytes`
 * makes it a 413. Nothing of a bad batch is stored, so the client can fix and resend it whole. `propsSchema`
 * narrows what a route takes (e.g. only `error` events with error props).
 */
export async function ingestBatch(
  context: Context,
  { storage, writeKey, allowedOrigins, trackingPlan = CRM_TRACKING_PLAN, symbolicator, now = Date.now }: IngestOptions,
  accept?: { type: InsightEvent['type']; propsSchema: v.GenericSchema },
): Promise<IngestReply> {
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

  const receivedAt = now();
  const skew = receivedAt - batch.value.sentAt;
  const events: StoredEvent[] = [];
  const items: ItemError[] = [];
  let oversize = false;
  for (const [index, input] of batch.value.events.entries()) {
    const bytes = Buffer.byteLength(JSON.stringify(input) ?? '');
    if (bytes > LIMITS.eventBytes) {
      oversize = true;
      items.push({ index, id: idOf(input), message: `event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}` });
      continue;
    }
    const result = validateEvent(input);
    if (!result.ok) {
      items.push({ index, id: idOf(input), message: result.message });
      continue;
    }
    if (accept) {
      if (result.value.type !== accept.type) {
        items.push({ index, id: result.value.id, message: `type: this route takes only "${accept.type}" events` });
        continue;
      }
      const props = v.safeParse(accept.propsSchema, result.value.props ?? {});
      if (!props.success) {
        items.push({ index, id: result.value.id, message: `props.${describeIssues(props.issues)}` });
        continue;
      }
    }
    // Validation made this copy of the event, so it is extended in place: on Node 20, spreading valibot's output
    // into yet another object took about 3 µs per event, more than validating it.
    const placed = placeEventTime(result.value.ts, skew, receivedAt);
    const planned = planTags(result.value, trackingPlan);
    const tags = placed.clamped ? [...(planned ?? result.value.tags ?? []), CLOCK_CLAMPED_TAG] : planned;
    events.push(Object.assign(result.value, tags ? { tags } : {}, { receivedAt, correctedTs: placed.correctedTs }));
  }
  if (items.length)
    throw new HttpError(
      oversize ? 413 : 400,
      `${items.length} of ${batch.value.events.length} events are invalid; none stored`,
      items,
    );
  await symbolicator?.symbolicate(events);
  const stored = await storage.insertEvents(events);
  return { ...stored, sampleRate: sampleRateOf(context.req.raw) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(input: unknown): string | undefined {
  return isRecord(input) && typeof input.id === 'string' ? input.id.slice(0, 64) : undefined;
}
