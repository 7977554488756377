import * as v from 'valibot';

/**
 * The wire format: one module, used by the widget (to build events), the extension (to read them) and the
 * server (to validate them). Nothing else builds payloads by hand.
 */

// The plain parts of the wire format (limits, event types, the JSON check, batch serialization) live in
// wire.ts so the widget can use them without pulling valibot into every page; they are re-exported here.
import { EVENT_TYPES, LIMITS, REPLAY_DATA_MAX_CHARS, jsonProblem } from './wire.ts';
export { LIMITS, REPLAY_DATA_MAX_CHARS, serializeBatch } from './wire.ts';
export type { EventType, Props } from './wire.ts';

const JsonObjectSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.check(
    (value) => jsonProblem(value) === undefined,
    (issue) => jsonProblem(issue.input) ?? 'invalid JSON',
  ),
);

const IdSchema = v.pipe(v.string(), v.uuid('must be a UUID'));

/**
 * Earliest client time taken (`ts`, `sentAt`): the epoch. A device whose clock was reset to 1970 still sends
 * usable events, since the server corrects each by the batch's skew (`sentAt` against its own clock).
 */
const WIRE_TIME_MIN = 0;
/** Latest client time taken: 2100-01-01, inside what `Date` can print, so no stored time breaks a read. */
const WIRE_TIME_MAX = Date.UTC(2100, 0, 1);
const TIME_RANGE_MESSAGE = 'must be epoch milliseconds between 1970-01-01 and 2100-01-01';
/** A client time in epoch ms: an integer within the wire window (the server then places it near its own clock). */
const TimeSchema = v.pipe(
  v.number(TIME_RANGE_MESSAGE),
  v.integer(TIME_RANGE_MESSAGE),
  v.minValue(WIRE_TIME_MIN, TIME_RANGE_MESSAGE),
  v.maxValue(WIRE_TIME_MAX, TIME_RANGE_MESSAGE),
);
/** A whole number from 0 to `max`, with a message that names both ends. */
const Count = (max: number) =>
  v.pipe(
    v.number(),
    v.integer(`must be a whole number from 0 to ${max}`),
    v.minValue(0, `must be from 0 to ${max}`),
    v.maxValue(max, `must be from 0 to ${max}`),
  );
/** Highest replay chunk sequence number: a day of recording at a chunk a second is under 100 000. */
export const REPLAY_MAX_SEQ = 1_000_000;
/** Highest part number within one replay segment. */
const REPLAY_MAX_PART = 10_000;
const ShortString = v.pipe(v.string(), v.maxLength(LIMITS.nameLength, `longer than ${LIMITS.nameLength} characters`));
const LongString = v.pipe(
  v.string(),
  v.maxLength(LIMITS.stringLength, `longer than ${LIMITS.stringLength} characters`),
);

export const PageSchema = v.object({
  url: LongString,
  path: LongString,
  title: v.optional(LongString),
  referrer: v.optional(LongString),
});
export type Page = v.InferOutput<typeof PageSchema>;

export const EventSchema = v.object({
  id: IdSchema,
  type: v.picklist(EVENT_TYPES, `type must be one of ${EVENT_TYPES.join(', ')}`),
  name: v.optional(ShortString),
  ts: TimeSchema,
  sessionId: IdSchema,
  anonymousId: IdSchema,
  userId: v.optional(ShortString),
  // The widget counts every send of an item; a week offline at one retry a second stays far below this.
  attempt: v.optional(Count(1_000_000_000)),
  page: v.optional(PageSchema),
  context: v.optional(JsonObjectSchema),
  props: v.optional(JsonObjectSchema),
  tags: v.optional(v.array(ShortString)),
  /** A replay chunk's payload (replay events only): larger than the string limit, within the item limit. */
  data: v.optional(
    v.pipe(v.string(), v.maxLength(REPLAY_DATA_MAX_CHARS, `data longer than ${REPLAY_DATA_MAX_CHARS} characters`)),
  ),
});
export type InsightEvent = v.InferOutput<typeof EventSchema>;

/**
 * The props of a `replay` event. A recording (`replayId`, one per page load) is cut into segments of rrweb events;
 * each segment is JSON, gzipped and base64-encoded (`encoding: 'gzip'`, or plain JSON where the browser has no
 * CompressionStream), then split into parts that each fit one event. `seq` numbers the parts of a recording from
 * 0, `part` numbers them within their segment from 0, and the last part of a segment has `final: true`, so the
 * server knows a segment is whole (parts 0…final, consecutive) before it decodes it.
 */
export const ReplayChunkPropsSchema = v.object({
  replayId: IdSchema,
  seq: Count(REPLAY_MAX_SEQ),
  part: Count(REPLAY_MAX_PART),
  final: v.boolean('final must be true or false'),
  encoding: v.picklist(['gzip', 'none'], 'encoding must be gzip or none'),
  mode: v.optional(v.picklist(['buffer', 'session'], 'mode must be buffer or session')),
  reason: v.optional(ShortString),
});
export type ReplayChunkProps = v.InferOutput<typeof ReplayChunkPropsSchema>;

/** Why an event breaks the replay rules (`data` only on replay events, which need it and chunk props), if it does. */
function replayProblem(event: InsightEvent): string | undefined {
  if (event.type !== 'replay') return event.data === undefined ? undefined : 'data: only replay events carry data';
  if (event.data === undefined) return 'data: a replay event needs its chunk data';
  const props = v.safeParse(ReplayChunkPropsSchema, event.props ?? {});
  return props.success ? undefined : `props.${describeIssues(props.issues)}`;
}

export const BatchSchema = v.object({
  sentAt: TimeSchema,
  writeKey: v.optional(ShortString),
  events: v.pipe(
    v.array(v.unknown()),
    v.minLength(1, 'events must not be empty'),
    v.maxLength(LIMITS.eventsPerBatch, `at most ${LIMITS.eventsPerBatch} events per batch`),
  ),
});

/** What the server answers for a batch it stored. */
export interface IngestResponse {
  accepted: number;
  duplicates: number;
  /** Backpressure (0.1–1): below 1 the client should keep only this share of new analytics events. */
  sampleRate?: number;
}

/** One rejected item of a batch, by its position (and id when it had one). */
export interface ItemError {
  index: number;
  id?: string;
  message: string;
}

/** The body of every 4xx/5xx the API sends. */
export interface ErrorResponse {
  error: string;
  items?: ItemError[];
}

/** Formats valibot issues as one readable line per problem: `props.plan: longer than 200 characters`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = issue.path?.map((segment) => String(segment.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates one event as the server receives it. */
export function validateEvent(input: unknown): Validation<InsightEvent> {
  const result = validateWith(EventSchema, input);
  if (!result.ok) return result;
  const problem = replayProblem(result.value);
  return problem ? { ok: false, message: problem } : result;
}

/** Validates a batch envelope (not its events: those are checked one by one so errors can name each item). */
export function validateBatch(input: unknown): Validation<v.InferOutput<typeof BatchSchema>> {
  return validateWith(BatchSchema, input);
}

// ---- Surveys, feedback, feature requests and bug reports -------------------------------------------------------
// One schema per payload: the widget and the extension build bodies that satisfy them, the server validates with
// them, and read responses are typed from the same outputs.

const OptionalTs = v.optional(TimeSchema);
const Who = {
  userId: v.optional(ShortString),
  anonymousId: v.optional(ShortString),
  sessionId: v.optional(ShortString),
};

/** One NPS answer: a 0–10 score, the follow-up answer, and who gave it where. */
export const NpsResponseSchema = v.object({
  id: v.optional(IdSchema),
  surveyId: v.optional(ShortString, 'nps'),
  score: v.pipe(
    v.number('score must be a number'),
    v.integer('score must be a whole number'),
    v.minValue(0, 'score must be 0–10'),
    v.maxValue(10, 'score must be 0–10'),
  ),
  comment: v.optional(LongString),
  ts: OptionalTs,
  page: v.optional(PageSchema),
  ...Who,
});

/** Free-text feedback from the floating button, `feedback.open()` or a contextual prompt. */
export const FeedbackSchema = v.object({
  id: v.optional(IdSchema),
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'text must not be empty'),
    v.maxLength(LIMITS.stringLength, `text is longer than ${LIMITS.stringLength} characters`),
  ),
  category: v.optional(ShortString),
  prompt: v.optional(ShortString),
  ts: OptionalTs,
  page: v.optional(PageSchema),
  ...Who,
});

/** A new feature request; its author's vote is counted with it. */
export const FeatureRequestSchema = v.object({
  id: v.optional(IdSchema),
  title: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(3, 'title needs at least 3 characters'),
    v.maxLength(LIMITS.nameLength, `title is longer than ${LIMITS.nameLength} characters`),
  ),
  description: v.optional(LongString),
  ...Who,
});

/** A vote: one per voter (the user id, else the anonymous id) and request. */
export const FeatureVoteSchema = v.object({
  voterId: v.pipe(ShortString, v.minLength(1, 'voterId must not be empty')),
});

/** Bug severities, mildest first. */
export const BUG_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BugSeverity = (typeof BUG_SEVERITIES)[number];
/** Screenshots travel as PNG or JPEG data URLs of at most this many characters. */
const SCREENSHOT_MAX_CHARS = 3 * 1024 * 1024;
/** Largest bug-report body the server accepts from staff (the extension: screenshot and replay included). */
export const BUG_REPORT_MAX_BYTES = 8 * 1024 * 1024;
/** Largest bug-report body from the public write key: the widget sends logs and context, its replay goes through ingest. */
export const BUG_REPORT_PUBLIC_MAX_BYTES = 1024 * 1024;
/** Most bytes of a report's inline replay (`replay`, as JSON). */
export const BUG_REPORT_REPLAY_MAX_BYTES = 4 * 1024 * 1024;
/** Most bytes of a report's logs together (`errors`, `failedRequests`, `breadcrumbs`, `vitals`, as JSON). */
export const BUG_REPORT_LOGS_MAX_BYTES = 1024 * 1024;

const JsonList = (max: number) => v.pipe(v.array(JsonObjectSchema), v.maxLength(max, `at most ${max} items`));

/** A bug report from a user (widget) or from support staff (extension), with what helps reproduce it. */
export const BugReportSchema = v.object({
  id: v.optional(IdSchema),
  source: v.optional(v.picklist(['widget', 'extension'], 'source must be widget or extension'), 'widget'),
  description: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'description must not be empty'),
    v.maxLength(LIMITS.stringLength, `description is longer than ${LIMITS.stringLength} characters`),
  ),
  severity: v.picklist(BUG_SEVERITIES, `severity must be one of ${BUG_SEVERITIES.join(', ')}`),
  reporter: v.optional(ShortString),
  /** Who files it from the extension (a stable id per install), so "My reports" can list theirs; the server ignores it from the write key. */
  reporterId: v.optional(v.pipe(ShortString, v.minLength(1, 'reporterId must not be empty'))),
  page: v.optional(PageSchema),
  ...Who,
  screenshot: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'screenshot must be a PNG or JPEG data URL'),
      v.maxLength(SCREENSHOT_MAX_CHARS, `screenshot is larger than ${SCREENSHOT_MAX_CHARS} characters`),
    ),
  ),
  /** rrweb events of the buffered replay, oldest first. */
  replay: v.optional(
    v.pipe(v.array(v.record(v.string(), v.unknown())), v.maxLength(20_000, 'replay has more than 20000 events')),
  ),
  /** Replay chunks the widget uploaded when the report was made (0 when an error had just uploaded them); the replay is the session's `replay` events. */
  replayChunks: v.optional(Count(REPLAY_MAX_SEQ)),
  errors: v.optional(JsonList(200)),
  failedRequests: v.optional(JsonList(200)),
  breadcrumbs: v.optional(JsonList(200)),
  vitals: v.optional(JsonList(50)),
  flags: v.optional(JsonObjectSchema),
  overrides: v.optional(JsonObjectSchema),
  environment: v.optional(JsonObjectSchema),
  /** Parts of the bundle that could not be collected, and why, e.g. `{ part: 'replay', reason: '…' }`. */
  missing: v.optional(v.pipe(v.array(v.object({ part: ShortString, reason: LongString })), v.maxLength(20))),
});
export type BugReportInput = v.InferOutput<typeof BugReportSchema>;

/**
 * Where a bug report stands in triage, set by staff: `open` (new, nobody looked yet), `triaged` (confirmed and
 * prioritised), `in-progress` (someone works on it), `resolved` (fixed), `closed` (not acted on: duplicate,
 * cannot reproduce, works as intended). Every report starts `open`.
 */
export const BUG_REPORT_STATUSES = ['open', 'triaged', 'in-progress', 'resolved', 'closed'] as const;
export type BugReportStatus = (typeof BUG_REPORT_STATUSES)[number];

/** `PATCH /api/bug-reports/:id`: the triage status staff set. */
export const BugReportStatusChangeSchema = v.object({
  status: v.picklist(BUG_REPORT_STATUSES, `must be one of ${BUG_REPORT_STATUSES.join(', ')}`),
});

/** What the server answers for a stored bug report. */
export interface BugReportCreated {
  id: string;
  category: string;
  webhook?: string;
}

/** A routing rule: every condition given must match; the first matching rule picks category and webhook. */
export const BugRoutingRuleSchema = v.object({
  name: v.optional(ShortString),
  /** Matches when the report's page path starts with this. */
  pagePrefix: v.optional(ShortString),
  /** Matches reports at least this severe. */
  minSeverity: v.optional(v.picklist(BUG_SEVERITIES, `minSeverity must be one of ${BUG_SEVERITIES.join(', ')}`)),
  /** Matches when the description contains any of these words (case-insensitive). */
  keywords: v.optional(v.pipe(v.array(v.pipe(ShortString, v.minLength(1))), v.maxLength(50))),
  category: v.pipe(ShortString, v.minLength(1, 'category must not be empty')),
  webhook: v.optional(
    v.pipe(v.string(), v.url('webhook must be an absolute URL'), v.regex(/^https?:/, 'webhook must be http(s)')),
  ),
});
export type BugRoutingRule = v.InferOutput<typeof BugRoutingRuleSchema>;
export const BugRoutingRulesSchema = v.object({
  rules: v.pipe(v.array(BugRoutingRuleSchema), v.maxLength(100, 'at most 100 rules')),
});

/** Validates any of the payloads above into a `Validation`, with readable issue paths. */
export function validateWith<T extends v.GenericSchema>(schema: T, input: unknown): Validation<v.InferOutput<T>> {
  const result = v.safeParse(schema, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, message: describeIssues(result.issues) };
}
