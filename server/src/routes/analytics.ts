import { Hono } from 'hono';
import {
  ApiPerformanceQuerySchema,
  FunnelQuerySchema,
  LongFrameScriptsQuerySchema,
  parseOr400,
  RangeQuerySchema,
  resolveRange,
  RevenueQuerySchema,
  TrendsQuerySchema,
  VitalsQuerySchema,
} from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import type { Storage } from '../storage/types.ts';

interface AnalyticsRoutesOptions extends ReadCredentials {
  storage: Storage;
  now?: () => number;
}

/**
 * Aggregations (read key or staff token): `GET /analytics/funnels` (ordered steps within a window, conversion
 * per step, optionally per experiment variation), `GET /analytics/retention` (weekly cohorts) and
 * `GET /analytics/vitals` (p75 and rating shares per page and metric). Each is one read of the analytics engine.
 * From the same engine: `GET /analytics/api-performance` (p50/p95/p99, error rate and throughput per route template
 * and method, daily trend), `GET /analytics/long-frame-scripts` (scripts behind long animation frames, ranked by
 * total frame time, with p75 and max), `GET /analytics/trends?series=…` (points for the dashboard's charts),
 * `GET /analytics/revenue` and `GET /analytics/overview` (the first screen, from the rollups).
 * `GET /analytics/engine/status`: how far the engine's projection is behind the record, and its size.
 */
export function analyticsRoutes(options: AnalyticsRoutesOptions): Hono {
  const routes = new Hono();
  const { analytics } = options.storage;
  const now = options.now ?? Date.now;

  routes.get('/analytics/funnels', async (context) => {
    requireReader(context, options);
    const query = parseOr400(FunnelQuerySchema, context.req.query(), 'funnel query');
    const range = resolveRange(query, now(), 30);
    return context.json(
      await analytics.run('funnel', {
        steps: query.steps,
        windowMs: query.windowMs,
        ...range,
        ...(query.experiment ? { experiment: query.experiment } : {}),
      }),
    );
  });

  routes.get('/analytics/retention', async (context) => {
    requireReader(context, options);
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    return context.json(await analytics.run('retention', range));
  });

  routes.get('/analytics/vitals', async (context) => {
    requireReader(context, options);
    const query = parseOr400(VitalsQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    // groupBy=route: per route template (`/contacts/:id`); the answer's `path` then holds the template.
    return context.json(
      await analytics.run('vitals', { ...range, ...defined({ path: query.path, groupBy: query.groupBy }) }),
    );
  });

  routes.get('/analytics/api-performance', async (context) => {
    requireReader(context, options);
    const query = parseOr400(ApiPerformanceQuerySchema, context.req.query(), 'API performance query');
    return context.json(
      await analytics.run('apiPerformance', {
        ...resolveRange(query, now(), 7),
        ...defined({ route: query.route, method: query.method }),
      }),
    );
  });

  routes.get('/analytics/long-frame-scripts', async (context) => {
    requireReader(context, options);
    const query = parseOr400(LongFrameScriptsQuerySchema, context.req.query(), 'long-frame scripts query');
    return context.json(
      await analytics.run('longFrameScripts', {
        ...resolveRange(query, now(), 7),
        limit: query.limit,
        ...defined({ route: query.route }),
      }),
    );
  });

  routes.get('/analytics/trends', async (context) => {
    requireReader(context, options);
    const query = parseOr400(TrendsQuerySchema, context.req.query(), 'trends query');
    // Hourly series (errors, events) default to a week of points, daily ones to 30 days.
    const range = resolveRange(query, now(), query.series === 'errors' || query.series === 'events' ? 7 : 30);
    return context.json(
      await analytics.run('trends', {
        series: query.series,
        ...range,
        ...defined({
          name: query.name,
          fingerprint: query.fingerprint,
          route: query.route,
          breakdown: query.breakdown,
        }),
      }),
    );
  });

  routes.get('/analytics/revenue', async (context) => {
    requireReader(context, options);
    const query = parseOr400(RevenueQuerySchema, context.req.query(), 'revenue query');
    return context.json(
      await analytics.run('revenue', { ...resolveRange(query, now(), 30), ...defined({ breakdown: query.breakdown }) }),
    );
  });

  routes.get('/analytics/overview', async (context) => {
    requireReader(context, options);
    return context.json(await analytics.run('overview', { now: now() }));
  });

  routes.get('/analytics/engine/status', async (context) => {
    requireReader(context, options);
    return context.json(await analytics.status());
  });

  return routes;
}

/** The entries whose value is given: optional read parameters are left out rather than sent as undefined. */
function defined<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
