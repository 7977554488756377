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

/**
 * What caused an error (an `error` event's `props.kind`): a script error, a failed request, a bad API answer, a failed
 * validation, a failed resource load.
 */
export const ERROR_KINDS = ['js', 'network', 'api', 'validation', 'resource'] as const;

/** The highest line or column a stack frame may name: a line of 10 MB, far beyond any real bundle's. */
export const MAX_STACK_POSITION = 1e7;

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Props = Record<string, JsonValue>;

/**
 * A broken limit, as data: the event field (`props`, `context`) and the keys down to the value, and the rule. Data,
 * not words, so the widget's production core, which only drops such an event, carries none of the words: they are
 * made by `problemText`, which the server's messages and the widget's debug build call.
 */
export interface LimitProblem {
  field?: 'props' | 'context';
  path: string[];
  rule: 'depth' | 'finite' | 'string' | 'json' | 'keys' | 'name' | 'tags' | 'bytes';
  /** The type that is not JSON (`json`), or the event's size in bytes (`bytes`). */
  detail?: string | number;
}

/** The words for a broken rule, without where it is. */
function ruleText(rule: LimitProblem['rule'], detail: LimitProblem['detail']): string {
  switch (rule) {
    case 'depth':
      return `nested deeper than ${LIMITS.propsDepth} levels`;
    case 'finite':
      return 'numbers must be finite';
    case 'string':
      return `string longer than ${LIMITS.stringLength} characters`;
    case 'json':
      return `${detail} is not JSON`;
    case 'keys':
      return `more than ${LIMITS.propsKeys} keys`;
    case 'bytes':
      return `event is ${detail} bytes; the limit is ${LIMITS.eventBytes}`;
    default:
      return `${rule}: longer than ${LIMITS.nameLength} characters`;
  }
}

/** A broken limit in words: `props.plan: string longer than 8192 characters`. */
export function problemText({ field, path, rule, detail }: LimitProblem): string {
  const text = [...path, ruleText(rule, detail)].join(': ');
  return field ? `${field}.${text}` : text;
}

/**
 * Where a value is not plain JSON within the depth, key-count and string-length limits, or undefined; `depth` is how
 * deep in an event's field the value sits.
 */
export function jsonLimitProblem(value: unknown, depth = 0): LimitProblem | undefined {
  if (depth > LIMITS.propsDepth) return { path: [], rule: 'depth' };
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: [], rule: 'finite' };
  if (typeof value === 'string') return value.length > LIMITS.stringLength ? { path: [], rule: 'string' } : undefined;
  if (typeof value !== 'object') return { path: [], rule: 'json', detail: typeof value };
  // An array's keys are its indexes. Keys, not entries: this runs on every tracked event, and pairs are garbage.
  const keys = Object.keys(value);
  if (keys.length > LIMITS.propsKeys) return { path: [], rule: 'keys' };
  for (const key of keys) {
    const problem = jsonLimitProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return undefined;
}

/** Checks that a value is plain JSON within the depth, key-count and string-length limits: what is wrong, in words. */
export function jsonProblem(value: unknown): string | undefined {
  const problem = jsonLimitProblem(value);
  return problem && problemText(problem);
}

/**
 * What the caller's own input can break in an event the widget built (its ids, times and types are made by
 * the widget itself): name length, the JSON shape of props and context, tags, and the item size. Returns the
 * problem (`problemText` says it), or undefined. The server still validates everything; this keeps a bad call from
 * costing a round trip. `serialized` gets the event's JSON once it is made (only for a well-shaped event), so the
 * caller need not make it again.
 */
export function eventProblem(event: InsightEvent, serialized?: (json: string) => void): LimitProblem | undefined {
  if (event.name !== undefined && event.name.length > LIMITS.nameLength) return { path: [], rule: 'name' };
  for (const field of ['props', 'context'] as const) {
    const problem = event[field] === undefined ? undefined : jsonLimitProblem(event[field]);
    if (problem) return { ...problem, field };
  }
  if (event.tags?.some((tag) => tag.length > LIMITS.nameLength)) return { path: [], rule: 'tags' };
  const json = JSON.stringify(event);
  serialized?.(json);
  const bytes = json.length;
  return bytes > LIMITS.eventBytes ? { path: [], rule: 'bytes', detail: bytes } : undefined;
}

/** Serializes a batch the way the widget sends it. */
export function serializeBatch(events: readonly InsightEvent[], sentAt: number, writeKey?: string): string {
  return JSON.stringify(writeKey === undefined ? { sentAt, events } : { sentAt, writeKey, events });
}
