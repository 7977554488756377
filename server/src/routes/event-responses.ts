import * as v from 'valibot';
import { EventSchema } from '../../../shared/protocol.ts';
import { ERROR_STATUSES } from '../analytics/error-groups.ts';

// Response schemas of the ingest and event routes (events.ts, errors.ts, sourcemaps.ts, health.ts), for the API
// document. The routes answer these shapes; the end-to-end test validates real answers against them.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** `GET /health`. */
export const HealthAnswer = v.strictObject({
  ok: v.literal(true),
  storage: v.picklist(['sqlite', 'postgres']),
  version: v.string(),
});

/** What ingest answers for a stored batch (`IngestResponse`). */
export const IngestAnswer = v.strictObject({
  accepted: Count,
  duplicates: Count,
  sampleRate: v.pipe(
    v.number(),
    v.minValue(0.1),
    v.maxValue(1),
    v.description('Backpressure: below 1, keep only this share of new analytics events.'),
  ),
});

/** An event as stored: what the client sent, plus when the server received it and its clock-corrected time. */
const StoredEventSchema = v.strictObject({
  ...EventSchema.entries,
  receivedAt: v.number(),
  correctedTs: v.number(),
});

/** A page of events (`GET /analytics/events`). */
export const EventPageAnswer = v.strictObject({
  events: v.array(StoredEventSchema),
  nextCursor: v.optional(v.pipe(v.string(), v.description('Pass back as `cursor` for the next page.'))),
});

/** One session's events oldest first (`GET /sessions/:sessionId/timeline`). */
export const TimelineAnswer = v.strictObject({ sessionId: v.string(), ...EventPageAnswer.entries });

/** One error group (`ErrorGroup`). */
export const ErrorGroupSchema = v.strictObject({
  fingerprint: v.string(),
  type: v.string(),
  kind: v.string(),
  message: v.string(),
  count: Count,
  users: Count,
  sessions: Count,
  firstSeen: v.number(),
  lastSeen: v.number(),
  status: v.picklist(ERROR_STATUSES),
  regressed: v.boolean(),
  frames: v.array(v.unknown()),
});

/** `GET /errors/groups`. */
export const ErrorGroupsAnswer = v.strictObject({ groups: v.array(ErrorGroupSchema) });

const SessionSetStats = v.strictObject({
  sessions: Count,
  conversion: v.number(),
  vitalsP75: v.record(v.string(), v.number()),
});

/** `GET /errors/groups/:fingerprint/impact`. */
export const ErrorImpactAnswer = v.strictObject({
  fingerprint: v.string(),
  conversionEvent: v.string(),
  affected: SessionSetStats,
  unaffected: SessionSetStats,
});

/** `POST /sourcemaps`. */
export const SourceMapsStoredAnswer = v.strictObject({ release: v.string(), stored: v.array(v.string()) });

/** `GET /sourcemaps?release=`. */
export const SourceMapListAnswer = v.strictObject({
  release: v.string(),
  maps: v.array(v.strictObject({ release: v.string(), name: v.string(), bytes: Count, uploadedAt: v.number() })),
});
