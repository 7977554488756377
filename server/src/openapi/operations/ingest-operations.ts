import * as v from 'valibot';
import { ErrorPropsSchema } from '../../../../shared/events.ts';
import { BatchSchema, EventSchema, LIMITS } from '../../../../shared/protocol.ts';
import { ErrorStatusSchema, RangeQuerySchema } from '../../analytics/query-schemas.ts';
import {
  ErrorGroupSchema,
  ErrorGroupsAnswer,
  ErrorImpactAnswer,
  EventPageAnswer,
  HealthAnswer,
  IngestAnswer,
  SourceMapListAnswer,
  SourceMapsStoredAnswer,
  TimelineAnswer,
} from '../../routes/event-responses.ts';
import { Release, UploadSchema } from '../../routes/sourcemaps.ts';
import type { Operation } from '../operation.ts';
import { LimitParam, RangeParams, TextParam } from '../query-parameters.ts';
import { ENGINE_UNAVAILABLE, errorResponse } from '../standard-responses.ts';

/** A batch as the widget sends it: the envelope the server checks first, then every event on its own. */
const IngestBody = v.object({
  ...BatchSchema.entries,
  events: v.pipe(v.array(EventSchema), v.minLength(1), v.maxLength(LIMITS.eventsPerBatch)),
});
const ErrorBatchBody = v.object({
  ...BatchSchema.entries,
  events: v.pipe(
    v.array(v.object({ ...EventSchema.entries, type: v.literal('error'), props: ErrorPropsSchema })),
    v.minLength(1),
    v.maxLength(LIMITS.eventsPerBatch),
  ),
});

const INGEST_ERRORS = {
  400: errorResponse(
    'An invalid batch; `items` names every invalid event (`index`, `id`, `message`: the envelope field, or the prop, that is wrong). Nothing of it is stored.',
  ),
  403: errorResponse('Another key than the write key, or a browser origin not in `INSIGHTS_ALLOWED_ORIGINS`.'),
  413: errorResponse(
    `The body is over ${LIMITS.batchBytes} bytes (on the wire, or once gzip is undone: a gzip bomb is refused), or an event is over ${LIMITS.eventBytes} bytes (\`items\` names it).`,
  ),
};

/** Ingest, reading events back, errors and source maps, health. */
export const INGEST_OPERATIONS: Operation[] = [
  {
    method: 'GET',
    path: '/api/health',
    tag: 'Operations',
    summary: 'Liveness and which storage is in use',
    description: 'No key; reveals nothing stored.',
    callers: ['public'],
    responses: { 200: { description: 'The server is up.', schema: HealthAnswer } },
  },
  {
    method: 'POST',
    path: '/api/analytics/events',
    tag: 'Ingest',
    summary: 'Send a batch of events',
    description: `The widget's outbox sends here. Each event is checked alone: its envelope, and the props of a \`vital\`, \`error\`, \`api\`, \`page\` or \`identify\` event against that type's schema (\`PROPS_SCHEMAS\` in shared/events.ts, the one the reads narrow by); any item that fails is named in \`items\` and nothing of the batch is stored. An id already stored (or repeated in the batch) counts as a duplicate and is not stored again. A \`track\` event that breaks the tracking plan is stored with the tag \`off-plan\` (\`TRACKING_PLAN=off\` turns the check off). A \`vital\` event also updates one row per web-vitals metric id: the last value sent wins. The server corrects client clock skew: \`correctedTs = ts + (server time − sentAt)\`; batched events outside the accepted window are clamped and tagged \`clock-clamped\`.

Bodies may be \`application/json\` or \`text/plain\` (beacons), gzip or not. Limits: ${LIMITS.eventsPerBatch} events per batch, ${LIMITS.eventBytes} bytes per event, ${LIMITS.nameLength}-character names, ${LIMITS.stringLength}-character strings, props nested at most 6 deep.

\`sampleRate\` (0.1–1) is backpressure: below 1, the client is using up its rate budget and should keep only that share of new low-priority events; the widget does exactly that for analytics events (never errors, surveys, feedback or bug reports) and reports how many it shed as \`dropped.sampled\` in its next \`client_report\`.`,
    callers: ['write'],
    body: IngestBody,
    bodyTypes: ['application/json', 'text/plain'],
    responses: {
      200: { description: 'Stored (new and duplicate ids counted).', schema: IngestAnswer },
      ...INGEST_ERRORS,
    },
  },
  {
    method: 'GET',
    path: '/api/analytics/events',
    tag: 'Events',
    summary: 'Read events back, newest first',
    description: 'Filters are exact matches; pass `nextCursor` back as `cursor` for the next page.',
    callers: ['read', 'staff'],
    query: v.object({
      type: TextParam('Event type, e.g. `track`.'),
      name: TextParam('Event name, e.g. `Deal Won`.'),
      sessionId: TextParam('One session.'),
      userId: TextParam('One user.'),
      ...RangeParams('the first event'),
      limit: LimitParam(),
      cursor: TextParam('`nextCursor` of the previous page.'),
    }),
    responses: {
      200: { description: 'A page of events.', schema: EventPageAnswer },
      400: errorResponse('A bad `limit`, time or cursor.'),
    },
  },
  {
    method: 'GET',
    path: '/api/sessions/:sessionId/timeline',
    tag: 'Events',
    summary: "One session's events, oldest first",
    callers: ['read', 'staff'],
    params: { sessionId: "The widget's session id." },
    query: v.object({ limit: LimitParam(500), cursor: TextParam('`nextCursor` of the previous page.') }),
    responses: {
      200: { description: 'A page of the session.', schema: TimelineAnswer },
      400: errorResponse('A bad `limit` or cursor.'),
    },
  },
  {
    method: 'POST',
    path: '/api/errors',
    tag: 'Ingest',
    summary: 'Send a batch of errors',
    description:
      'The ingest body, checks and answers of `POST /api/analytics/events` (so props must match `ErrorPropsSchema` in shared/events.ts), but every event must be `type: "error"`; any other item is named in `items`. Frames of a release with uploaded source maps are resolved before they are stored. Errors sent through `/api/analytics/events` count the same.',
    callers: ['write'],
    body: ErrorBatchBody,
    bodyTypes: ['application/json', 'text/plain'],
    responses: { 200: { description: 'Stored.', schema: IngestAnswer }, ...INGEST_ERRORS },
  },
  {
    method: 'GET',
    path: '/api/errors/groups',
    tag: 'Errors',
    summary: 'Error groups by fingerprint, latest first',
    description:
      "`count` adds up the widget's folded `props.count`; `status` is `open`, `resolved` or `ignored`; `regressed` is true for a resolved group seen again after it was resolved.",
    callers: ['read', 'staff'],
    query: v.object({
      since: RangeQuerySchema.entries.since,
      until: RangeQuerySchema.entries.until,
      status: RangeQuerySchema.entries.status,
      limit: RangeQuerySchema.entries.limit,
    }),
    params: {
      since: 'Start of the range, inclusive (default 30 days before until): epoch milliseconds or ISO 8601.',
      until: 'End of the range, exclusive (default now): epoch milliseconds or ISO 8601.',
      status: 'Only groups with this status.',
      limit: 'Most groups: 1–1000, default 200.',
    },
    responses: {
      200: { description: 'The groups (default range: the last 30 days).', schema: ErrorGroupsAnswer },
      400: errorResponse('A bad time, range, status or limit.'),
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'PATCH',
    path: '/api/errors/groups/:fingerprint',
    tag: 'Errors',
    summary: "Set an error group's status",
    callers: ['read', 'staff'],
    params: { fingerprint: 'The group, as `GET /api/errors/groups` lists it.' },
    body: ErrorStatusSchema,
    responses: {
      200: { description: 'The updated group.', schema: ErrorGroupSchema },
      404: errorResponse('No error with this fingerprint was ever stored.'),
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'GET',
    path: '/api/errors/groups/:fingerprint/impact',
    tag: 'Errors',
    summary: 'Conversion and vitals of sessions with the error against the rest',
    callers: ['read', 'staff'],
    query: v.object({
      conversion: v.pipe(
        RangeQuerySchema.entries.conversion,
        v.description('Required: the event name that counts as converting, e.g. `Deal Won`.'),
      ),
      since: RangeQuerySchema.entries.since,
      until: RangeQuerySchema.entries.until,
    }),
    params: {
      fingerprint: 'The error group.',
      since: 'Start of the range, inclusive (default 30 days before until): epoch milliseconds or ISO 8601.',
      until: 'End of the range, exclusive (default now): epoch milliseconds or ISO 8601.',
    },
    responses: {
      200: { description: 'Affected and unaffected sessions compared.', schema: ErrorImpactAnswer },
      400: errorResponse('`conversion` missing, or a bad time or range.'),
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'POST',
    path: '/api/sourcemaps',
    tag: 'Errors',
    summary: "Upload a release's source maps",
    description:
      "Each minified file's map under its file name (as the browser loads it); error frames of that release are resolved with them from then on. Up to 64 MiB per upload, sent gzipped for large apps, and 16 MiB of text per map. `crm-insights-server sourcemaps upload --release R DIR` does the same from a build folder.",
    callers: ['staff'],
    body: UploadSchema,
    responses: {
      201: { description: 'Stored.', schema: SourceMapsStoredAnswer },
      400: errorResponse('A bad release or file name, or a file that is not a version 3 source map.'),
      413: errorResponse('A map over 16 MiB of text (the file and the limit are named), or an upload over 64 MiB.'),
    },
  },
  {
    method: 'GET',
    path: '/api/sourcemaps',
    tag: 'Errors',
    summary: "List a release's stored source maps",
    callers: ['read', 'staff'],
    query: v.object({
      release: v.pipe(Release, v.description('The release, as the widget sends it (`data-release`).')),
    }),
    responses: {
      200: { description: 'The maps stored for the release.', schema: SourceMapListAnswer },
      400: errorResponse('`release` missing or malformed.'),
    },
  },
];
