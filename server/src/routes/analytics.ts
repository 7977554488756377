import { Hono } from 'hono';
import { FunnelQuerySchema, parseOr400, RangeQuerySchema, resolveRange } from '../analytics/query-schemas.ts';
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
    return context.json(await analytics.run('funnel', { steps: query.steps, windowMs: query.windowMs, ...range, ...(query.experiment ? { experiment: query.experiment } : {}) }));
  });

  routes.get('/analytics/retention', async (context) => {
    requireReader(context, options);
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    return context.json(await analytics.run('retention', range));
  });

  routes.get('/analytics/vitals', async (context) => {
    requireReader(context, options);
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    return context.json(await analytics.run('vitals', { ...range, ...(query.path === undefined ? {} : { path: query.path }) }));
  });

  routes.get('/analytics/engine/status', async (context) => {
    requireReader(context, options);
    return context.json(await analytics.status());
  });

  return routes;
}
