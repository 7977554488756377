import * as v from 'valibot';

/**
 * The wire format: one module, used by the widget (to build events), the extension (to read them) and the
 * server (to validate them). Nothing else builds payloads by hand.
 */

/** Limits that both sides agree on; the server enforces them, the widget stays under them. */
export const LIMITS = {
  eventsPerBatch: 500,
  eventBytes: 64 * 1024,
  batchBytes: 1024 * 1024,
  stringLength: 8 * 1024,
  nameLength: 200,
  propsDepth: 6,
  propsKeys: 200,
} as const;

/** Every kind of item the widget captures. */
export const EVENT_TYPES = [
  'track',
  'page',
  'identify',
  'vital',
  'error',
  'api',
  'resource',
  'replay',
  'exposure',
  'nps',
  'feedback',
  'feature_request',
  'bug_report',
  'client_report',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Props = Record<string, JsonValue>;

/** Checks that a value is plain JSON within the depth, key-count and string-length limits. */
export function jsonProblem(value: unknown, depth = 0): string | undefined {
  if (depth > LIMITS.propsDepth) return `nested deeper than ${LIMITS.propsDepth} levels`;
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'numbers must be finite';
  if (typeof value === 'string') {
    return value.length > LIMITS.stringLength ? `string longer than ${LIMITS.stringLength} characters` : undefined;
  }
  if (typeof value !== 'object') return `${typeof value} is not JSON`;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  if (entries.length > LIMITS.propsKeys) return `more than ${LIMITS.propsKeys} keys`;
  for (const [key, item] of entries) {
    const problem = jsonProblem(item, depth + 1);
    if (problem) return `${key}: ${problem}`;
  }
  return undefined;
}

const JsonObjectSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.check((value) => jsonProblem(value) === undefined, (issue) => jsonProblem(issue.input) ?? 'invalid JSON'),
);

const IdSchema = v.pipe(v.string(), v.uuid('must be a UUID'));
const ShortString = v.pipe(v.string(), v.maxLength(LIMITS.nameLength, `longer than ${LIMITS.nameLength} characters`));
const LongString = v.pipe(v.string(), v.maxLength(LIMITS.stringLength, `longer than ${LIMITS.stringLength} characters`));

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
  ts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  sessionId: IdSchema,
  anonymousId: IdSchema,
  userId: v.optional(ShortString),
  attempt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  page: v.optional(PageSchema),
  context: v.optional(JsonObjectSchema),
  props: v.optional(JsonObjectSchema),
  tags: v.optional(v.array(ShortString)),
});
export type InsightEvent = v.InferOutput<typeof EventSchema>;

export const BatchSchema = v.object({
  sentAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
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
  const result = v.safeParse(EventSchema, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, message: describeIssues(result.issues) };
}

/** Validates a batch envelope (not its events: those are checked one by one so errors can name each item). */
export function validateBatch(input: unknown): Validation<v.InferOutput<typeof BatchSchema>> {
  const result = v.safeParse(BatchSchema, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, message: describeIssues(result.issues) };
}

/** Serializes a batch the way the widget sends it. */
export function serializeBatch(events: readonly InsightEvent[], sentAt: number, writeKey?: string): string {
  return JSON.stringify(writeKey === undefined ? { sentAt, events } : { sentAt, writeKey, events });
}
