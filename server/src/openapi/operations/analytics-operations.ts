import * as v from 'valibot';
import {
  ApiPerformanceQuerySchema,
  FunnelQuerySchema,
  LongFrameScriptsQuerySchema,
  RangeQuerySchema,
  RevenueQuerySchema,
  TrendsQuerySchema,
  VitalsQuerySchema,
} from '../../analytics/query-schemas.ts';
import {
  ApiPerformanceAnswer,
  EngineStatusAnswer,
  FunnelAnswer,
  LongFrameScriptsAnswer,
  OverviewAnswer,
  RetentionAnswer,
  RevenueAnswer,
  TrendsAnswer,
  VitalsAnswer,
} from '../../routes/analytics-responses.ts';
import type { Operation } from '../operation.ts';
import { ENGINE_UNAVAILABLE, errorResponse } from '../standard-responses.ts';

const READERS = ['read', 'staff'] as const;
const SINCE = 'Start of the range, inclusive: epoch milliseconds or ISO 8601.';
const UNTIL = 'End of the range, exclusive (default now): epoch milliseconds or ISO 8601.';
const BREAKDOWN = 'Split by a user property: `trait:<key>` (an identify trait) or `prop:<key>` (an event prop).';
const BAD_QUERY = errorResponse(
  'A bad parameter (the message names it), `since` not before `until`, or a range over 366 days.',
);

/** The analytics reads: each is one read of the analytics engine (docs/analytics.md has their definitions). */
export const ANALYTICS_OPERATIONS: Operation[] = [
  {
    method: 'GET',
    path: '/api/analytics/funnels',
    tag: 'Analytics',
    summary: 'Conversion through ordered steps',
    description:
      "A person (by `anonymousId`) counts once, at the furthest step reached in order with every step within `windowMs` of step 1; a funnel must start in the range (default the last 30 days). `steps`: 2–10 comma-separated event names, or `page:/path` for a page view; `windowMs` 1 s–90 days (default 7 days). With `experiment`, also `variations` by each person's first `exposure` to that experiment, ignoring forced and overridden exposures. Shares are rounded to 4 decimals.",
    callers: READERS,
    query: FunnelQuerySchema,
    params: {
      steps: 'Required: 2–10 comma-separated event names, or `page:/path` for a page view.',
      windowMs: 'Milliseconds from step 1 within which every step must happen: 1 s to 90 days (default 7 days).',
      experiment: "An experiment key: also split by each person's variation.",
      since: SINCE,
      until: UNTIL,
    },
    responses: { 200: { description: 'The funnel.', schema: FunnelAnswer }, 400: BAD_QUERY, 503: ENGINE_UNAVAILABLE },
  },
  {
    method: 'GET',
    path: '/api/analytics/retention',
    tag: 'Analytics',
    summary: 'Weekly retention cohorts',
    description:
      'Cohorts of people by their first active week in the range (weeks start Monday 00:00 UTC; default the last 8 weeks).',
    callers: READERS,
    query: v.object({ since: RangeQuerySchema.entries.since, until: RangeQuerySchema.entries.until }),
    params: {
      since: SINCE,
      until: UNTIL,
    },
    responses: {
      200: { description: 'The cohorts.', schema: RetentionAnswer },
      400: BAD_QUERY,
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'GET',
    path: '/api/analytics/vitals',
    tag: 'Analytics',
    summary: 'Core Web Vitals p75 and rating shares per page',
    description:
      'Per route template (`/contacts/:id`, the default) and metric, over the last value of each metric id; p75 by nearest rank. `route` or `path` breaks one route or page down into its page paths (at most `limit`, most measured first, `pagesLeftOut` counts the rest); `groupBy=path` needs one of them. Default range the last 28 days.',
    callers: READERS,
    query: v.object({
      since: VitalsQuerySchema.entries.since,
      until: VitalsQuerySchema.entries.until,
      path: VitalsQuerySchema.entries.path,
      route: VitalsQuerySchema.entries.route,
      limit: VitalsQuerySchema.entries.limit,
      groupBy: VitalsQuerySchema.entries.groupBy,
    }),
    params: {
      since: SINCE,
      until: UNTIL,
      path: 'One page path.',
      route: 'One route template: its page paths are listed.',
      limit: 'Most page paths listed for one route or page.',
      groupBy: '`route` (default) or `path` (with `route` or `path`).',
    },
    responses: { 200: { description: 'The vitals.', schema: VitalsAnswer }, 400: BAD_QUERY, 503: ENGINE_UNAVAILABLE },
  },
  {
    method: 'GET',
    path: '/api/analytics/api-performance',
    tag: 'Analytics',
    summary: 'Latency, error rate and throughput per API route',
    description:
      "The CRM's own API calls as the widget timed them: p50/p95/p99, error rate and requests per minute per route template and method, and a daily trend (default the last 7 days).",
    callers: READERS,
    query: ApiPerformanceQuerySchema,
    params: {
      since: SINCE,
      until: UNTIL,
      route: 'One route template, e.g. `/api/deals/:id`.',
      method: 'One HTTP method.',
    },
    responses: {
      200: { description: 'The routes and the daily trend.', schema: ApiPerformanceAnswer },
      400: BAD_QUERY,
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'GET',
    path: '/api/analytics/long-frame-scripts',
    tag: 'Analytics',
    summary: 'Scripts behind long animation frames, ranked by total frame time',
    description:
      "The widget's long-animation-frame events grouped by script (source and function) and invoker: frames, total / p75 / max frame duration, blocking time and the route templates where they happened (default the last 7 days).",
    callers: READERS,
    query: LongFrameScriptsQuerySchema,
    params: {
      since: SINCE,
      until: UNTIL,
      route: 'One route template.',
      limit: 'Most scripts listed (1–200, default 20).',
    },
    responses: {
      200: { description: 'The scripts, longest total first.', schema: LongFrameScriptsAnswer },
      400: BAD_QUERY,
      503: ENGINE_UNAVAILABLE,
    },
  },
  {
    method: 'GET',
    path: '/api/analytics/trends',
    tag: 'Analytics',
    summary: "Points of one series for the dashboard's charts",
    description:
      '`series`: `vitals`, `errors`, `events`, `active-users` or `revenue`; hourly series (errors, events) default to the last 7 days, daily ones to 30. `name`, `fingerprint` and `route` narrow it; `breakdown` (`trait:<key>` or `prop:<key>`) splits it by a user property.',
    callers: READERS,
    query: TrendsQuerySchema,
    params: {
      series: 'Required: `vitals`, `errors`, `events`, `active-users` or `revenue`.',
      since: SINCE,
      until: UNTIL,
      name: 'One event name (events).',
      fingerprint: 'One error group (errors).',
      route: 'One route template (vitals).',
      breakdown: BREAKDOWN,
    },
    responses: { 200: { description: 'The points.', schema: TrendsAnswer }, 400: BAD_QUERY, 503: ENGINE_UNAVAILABLE },
  },
  {
    method: 'GET',
    path: '/api/analytics/revenue',
    tag: 'Analytics',
    summary: 'Revenue per currency, in total and per day',
    description: 'From `Revenue` events (default the last 30 days); `breakdown` splits it by a user property.',
    callers: READERS,
    query: RevenueQuerySchema,
    params: { since: SINCE, until: UNTIL, breakdown: BREAKDOWN },
    responses: { 200: { description: 'The revenue.', schema: RevenueAnswer }, 400: BAD_QUERY, 503: ENGINE_UNAVAILABLE },
  },
  {
    method: 'GET',
    path: '/api/analytics/overview',
    tag: 'Analytics',
    summary: "The dashboard's first screen",
    description:
      'Events and errors of the last 24 hours, active users, revenue today, NPS this week, the busiest API routes and vitals of today, from the rollups.',
    callers: READERS,
    responses: { 200: { description: 'The overview.', schema: OverviewAnswer }, 503: ENGINE_UNAVAILABLE },
  },
  {
    method: 'GET',
    path: '/api/analytics/engine/status',
    tag: 'Analytics',
    summary: "How far the analytics engine's projection is behind the record",
    callers: READERS,
    responses: { 200: { description: 'Its lag and size.', schema: EngineStatusAnswer }, 503: ENGINE_UNAVAILABLE },
  },
];
