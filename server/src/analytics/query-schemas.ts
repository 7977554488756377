import * as v from 'valibot';
import { describeIssues } from '../../../shared/protocol.ts';
import { HttpError } from '../http-errors.ts';
import { parseTime, TIME_FORMAT_MESSAGE } from '../query-params.ts';
import { ERROR_STATUSES } from './error-groups.ts';
import { TREND_SERIES } from './queries/trends.ts';

const DAY_MS = 86_400_000;
/** Longest range an aggregation reads: a year and a day, so retention has at most 53 weekly cohorts. */
const MAX_RANGE_DAYS = 366;
/** Most error groups one answer lists (default 200). */
const MAX_ERROR_GROUPS = 1000;
const Time = v.pipe(v.string(), v.transform(parseTime), v.number(TIME_FORMAT_MESSAGE));
const Range = { since: v.optional(Time), until: v.optional(Time) };
const Name = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(200, 'longer than 200 characters'),
);

/** A `limit` parameter: a whole number from 1 to `max`, `fallback` when absent. */
function Limit(max: number, fallback: number) {
  const message = `must be an integer from 1 to ${max}`;
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, message),
      v.transform(Number),
      v.minValue(1, message),
      v.maxValue(max, message),
    ),
    String(fallback),
  );
}

/** `GET /analytics/funnels`: comma-separated ordered steps (event names, or `page:/path`), a window, an optional experiment. */
export const FunnelQuerySchema = v.object({
  // Optional only so a missing parameter gets the same helpful message as a one-step funnel.
  steps: v.pipe(
    v.optional(v.string(), ''),
    v.transform((value) =>
      value
        .split(',')
        .map((step) => step.trim())
        .filter(Boolean),
    ),
    v.array(Name),
    v.minLength(2, 'needs at least 2 comma-separated event names (or page:/path), e.g. steps=Signup,Deal Created'),
    v.maxLength(10, 'at most 10 steps'),
  ),
  windowMs: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.number(),
      v.integer('must be whole milliseconds'),
      v.minValue(1000, 'must be at least 1000'),
      v.maxValue(90 * DAY_MS, 'must be at most 90 days'),
    ),
    String(7 * DAY_MS),
  ),
  experiment: v.optional(Name),
  ...Range,
});

/** `GET /analytics/retention` and `GET /analytics/vitals` and `GET /errors/groups`: a time range, a page, a status. */
export const RangeQuerySchema = v.object({
  ...Range,
  path: v.optional(v.pipe(v.string(), v.maxLength(8192))),
  limit: Limit(MAX_ERROR_GROUPS, 200),
  status: v.optional(v.picklist(ERROR_STATUSES, `status must be one of ${ERROR_STATUSES.join(', ')}`)),
  conversion: v.optional(Name),
});

/**
 * `GET /analytics/vitals`: a range, a page or a route template, and whether to group by route template (the
 * default) or page path (the default when one page or route is asked for; `limit` pages at most).
 */
export const VitalsQuerySchema = v.object({
  ...RangeQuerySchema.entries,
  route: v.optional(Name),
  groupBy: v.optional(v.picklist(['path', 'route'], 'groupBy must be path or route')),
});

/** `trait:<key>` (an `identify` trait) or `prop:<key>` (an event prop): the user property a series is split by. */
const Breakdown = v.pipe(
  v.string(),
  v.regex(/^(trait|prop):[^\s].{0,199}$/, 'must be trait:<key> or prop:<key>, e.g. breakdown=trait:plan'),
  v.transform((value) => ({
    source: value.startsWith('trait:') ? ('trait' as const) : ('prop' as const),
    key: value.slice(value.indexOf(':') + 1),
  })),
);

/** `GET /analytics/api-performance`: a range, optionally one route template and one method. */
export const ApiPerformanceQuerySchema = v.object({
  ...Range,
  route: v.optional(Name),
  method: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z]{1,10}$/, 'must be an HTTP method such as GET'), v.toUpperCase()),
  ),
});

/** Most scripts `GET /analytics/long-frame-scripts` ranks (default 20). */
const MAX_LONG_FRAME_SCRIPTS = 200;

/** `GET /analytics/long-frame-scripts`: a range, optionally one route template, and how many scripts to list. */
export const LongFrameScriptsQuerySchema = v.object({
  ...Range,
  route: v.optional(Name),
  limit: Limit(MAX_LONG_FRAME_SCRIPTS, 20),
});

/** `GET /analytics/trends`: one series, a range, what narrows it, and an optional breakdown. */
export const TrendsQuerySchema = v.object({
  // Optional only so a missing series gets the same message as an unknown one.
  series: v.pipe(v.optional(v.string(), ''), v.picklist(TREND_SERIES, `must be one of ${TREND_SERIES.join(', ')}`)),
  ...Range,
  name: v.optional(Name),
  fingerprint: v.optional(Name),
  route: v.optional(Name),
  breakdown: v.optional(Breakdown),
});

/** `GET /analytics/revenue`: a range and an optional breakdown. */
export const RevenueQuerySchema = v.object({ ...Range, breakdown: v.optional(Breakdown) });

/** `PATCH /errors/groups/:fingerprint`: the owner's decision. */
export const ErrorStatusSchema = v.object({
  status: v.picklist(ERROR_STATUSES, `status must be one of ${ERROR_STATUSES.join(', ')}`),
});

/** Parses with a schema or answers 400 naming every problem. */
export function parseOr400<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new HttpError(400, `invalid ${what}: ${describeIssues(result.issues)}`);
  return result.output;
}

/**
 * A query's range with defaults: until now, since `defaultDays` before until; since must be before until, and
 * the range at most `maxDays` long (a far-future `until` would otherwise make, say, one cohort per week up to it).
 */
export function resolveRange(
  query: { since?: number; until?: number },
  now: number,
  defaultDays: number,
  maxDays = MAX_RANGE_DAYS,
): { since: number; until: number } {
  const until = query.until ?? now;
  const since = query.since ?? Math.max(0, until - defaultDays * DAY_MS);
  if (since >= until) throw new HttpError(400, 'since must be before until');
  if (until - since > maxDays * DAY_MS)
    throw new HttpError(400, `the range from since to until is longer than the limit of ${maxDays} days: narrow it`);
  return { since, until };
}
