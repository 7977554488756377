import * as v from 'valibot';
import { TREND_SERIES } from '../analytics/queries/trends.ts';

// Response schemas of the analytics reads (analytics.ts, and the experiment results and NPS reads that run in the
// same engine), for the API document; `GET /api/openapi.json` serves them and the end-to-end test checks real
// answers against them.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const Range = { since: v.number(), until: v.number() };
const Day = v.pipe(v.string(), v.description('ISO date (UTC), e.g. 2026-11-30.'));

const FunnelStep = v.strictObject({ step: v.string(), count: Count, conversion: Share, fromPrevious: Share });

/** `GET /analytics/funnels`. */
export const FunnelAnswer = v.strictObject({
  steps: v.array(v.string()),
  windowMs: v.number(),
  ...Range,
  result: v.array(FunnelStep),
  experiment: v.optional(v.string()),
  variations: v.optional(v.array(v.strictObject({ variation: v.string(), result: v.array(FunnelStep) }))),
});

/** `GET /analytics/retention`. */
export const RetentionAnswer = v.strictObject({
  ...Range,
  cohorts: v.array(v.strictObject({ week: Day, size: Count, retained: v.array(Count), rates: v.array(Share) })),
});

/** `GET /analytics/vitals`. */
export const VitalsAnswer = v.strictObject({
  ...Range,
  vitals: v.array(
    v.strictObject({
      path: v.pipe(v.string(), v.description('The page path, or the route template with groupBy=route.')),
      metric: v.string(),
      count: Count,
      p75: v.number(),
      good: Share,
      needsImprovement: Share,
      poor: Share,
    }),
  ),
  pagesLeftOut: v.optional(
    v.pipe(Count, v.description('Pages past `limit` when one route or page was broken down into its paths.')),
  ),
});

const Percentiles = { p50: v.number(), p95: v.number(), p99: v.number() };
const ApiTiming = { route: v.string(), method: v.string(), requests: Count, errorRate: Share, ...Percentiles };

/** `GET /analytics/api-performance`. */
export const ApiPerformanceAnswer = v.strictObject({
  ...Range,
  routes: v.array(v.strictObject({ ...ApiTiming, errors: Count, requestsPerMinute: v.number() })),
  daily: v.array(v.strictObject({ ...ApiTiming, day: Day })),
});

/** `GET /analytics/trends`: points whose fields depend on the series (each has its bucket's start). */
export const TrendsAnswer = v.strictObject({
  series: v.picklist(TREND_SERIES),
  ...Range,
  bucket: v.picklist(['hour', 'day']),
  points: v.array(v.record(v.string(), v.unknown())),
});

const RevenueRow = {
  currency: v.string(),
  amount: v.number(),
  payments: Count,
  value: v.optional(v.nullable(v.pipe(v.string(), v.description('The breakdown value, with breakdown=…')))),
};

/** `GET /analytics/revenue`. */
export const RevenueAnswer = v.strictObject({
  ...Range,
  totals: v.array(v.strictObject(RevenueRow)),
  daily: v.array(v.strictObject({ ...RevenueRow, day: Day })),
});

/** An NPS score over some answers (`NpsSummary`): null without answers. */
export const NpsSummaryEntries = {
  score: v.nullable(v.pipe(v.number(), v.minValue(-100), v.maxValue(100))),
  responses: Count,
  promoters: Count,
  passives: Count,
  detractors: Count,
};

/** `GET /analytics/overview`. */
export const OverviewAnswer = v.strictObject({
  now: v.number(),
  last24h: v.strictObject({
    events: Count,
    errors: Count,
    topEvents: v.array(v.strictObject({ type: v.string(), name: v.string(), events: Count })),
    topErrors: v.array(v.strictObject({ fingerprint: v.string(), occurrences: Count, events: Count })),
  }),
  activeUsers: v.strictObject({ today: Count, last7Days: Count, last30Days: Count }),
  revenueToday: v.array(v.strictObject({ currency: v.string(), amount: v.number(), payments: Count })),
  npsThisWeek: v.strictObject({ ...NpsSummaryEntries, weekStart: Day }),
  api: v.array(
    v.strictObject({ route: v.string(), method: v.string(), requests: Count, errorRate: Share, p95: v.number() }),
  ),
  vitals: v.array(v.strictObject({ route: v.string(), metric: v.string(), count: Count, p75: v.number() })),
  projection: v.pipe(
    v.strictObject({ watermark: v.number(), asOf: v.nullable(v.number()) }),
    v.description(
      'How fresh the figures are: the record position folded into the rollups, which every figure is as of (at most one fold behind the projector), and when its newest event was received.',
    ),
  ),
});

/** `GET /analytics/long-frame-scripts` (`LongFrameScriptsAnswer`). */
export const LongFrameScriptsAnswer = v.strictObject({
  ...Range,
  scriptCount: Count,
  frames: Count,
  scripts: v.array(
    v.strictObject({
      source: v.string(),
      function: v.string(),
      invoker: v.string(),
      frames: Count,
      totalMs: v.number(),
      p75Ms: v.number(),
      maxMs: v.number(),
      blockingMs: v.number(),
      routes: v.array(v.string()),
    }),
  ),
});

/** `GET /analytics/engine/status` (`EngineStatus`). */
export const EngineStatusAnswer = v.strictObject({
  watermark: v.number(),
  rollupWatermark: v.number(),
  lagEvents: v.optional(v.number()),
  lagMs: v.number(),
  rows: Count,
  bytes: Count,
  skipped: Count,
  lastPassMs: v.optional(v.number()),
  lastFoldMs: v.optional(v.number()),
  readWaits: v.strictObject({ count: Count, lastMs: v.number(), p50Ms: v.number(), maxMs: v.number() }),
  lastError: v.optional(v.string()),
  memory: v.strictObject({
    rss: Count,
    mainHeapUsed: Count,
    mainHeapTotal: Count,
    workerHeapUsed: Count,
    workerHeapTotal: Count,
    duckdb: Count,
  }),
});
