import type { InsightEvent } from './protocol.ts';

/**
 * The plain half of the wire format: limits both sides agree on, the event types, the JSON check and batch
 * serialization. No schema library here, so the widget's core can use it on every page at no size cost; the
 * valibot schemas in protocol.ts build on it and stay the server's authority.
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

/** Most characters of a replay event's `data`: room is left in the 64 KB item limit for the rest of the event. */
export const REPLAY_DATA_MAX_CHARS = 56 * 1024;

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
  // An array's keys are its indexes. Keys, not entries: this runs on every tracked event, and pairs are garbage.
  const keys = Object.keys(value);
  if (keys.length > LIMITS.propsKeys) return `more than ${LIMITS.propsKeys} keys`;
  for (const key of keys) {
    const problem = jsonProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return `${key}: ${problem}`;
  }
  return undefined;
}

/**
 * What the caller's own input can break in an event the widget built (its ids, times and types are made by
 * the widget itself): name length, the JSON shape of props and context, tags, and the item size. Returns the
 * problem, or undefined. The server still validates everything; this keeps a bad call from costing a round trip.
 * `serialized` gets the event's JSON once it is made (only for a well-shaped event), so the caller need not make
 * it again.
 */
export function eventProblem(event: InsightEvent, serialized?: (json: string) => void): string | undefined {
  if (event.name !== undefined && event.name.length > LIMITS.nameLength)
    return `name: longer than ${LIMITS.nameLength} characters`;
  for (const key of ['props', 'context'] as const) {
    const problem = event[key] === undefined ? undefined : jsonProblem(event[key]);
    if (problem) return `${key}.${problem}`;
  }
  if (event.tags?.some((tag) => tag.length > LIMITS.nameLength))
    return `tags: longer than ${LIMITS.nameLength} characters`;
  const json = JSON.stringify(event);
  serialized?.(json);
  const bytes = json.length;
  if (bytes > LIMITS.eventBytes) return `event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}`;
  return undefined;
}

/** Serializes a batch the way the widget sends it. */
export function serializeBatch(events: readonly InsightEvent[], sentAt: number, writeKey?: string): string {
  return JSON.stringify(writeKey === undefined ? { sentAt, events } : { sentAt, writeKey, events });
}
