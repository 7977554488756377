import { Hono } from 'hono';
import { createAnalyticsRepository } from '../analytics/analytics-repository.ts';
import { computeFunnel } from '../analytics/funnel.ts';
import { FunnelQuerySchema, parseOr400, RangeQuerySchema, resolveRange } from '../analytics/query-schemas.ts';
import { retentionCohorts, weekIndex } from '../analytics/retention.ts';
import { summarizeVitals } from '../analytics/vitals-summary.ts';
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
 * `GET /analytics/vitals` (p75 and rating shares per page and metric).
 */
export function analyticsRoutes(options: AnalyticsRoutesOptions): Hono {
  const routes = new Hono();
  const repository = createAnalyticsRepository(options.storage.db);
  const now = options.now ?? Date.now;

  routes.get('/analytics/funnels', async (context) => {
    requireReader(context, options);
    const query = parseOr400(FunnelQuerySchema, context.req.query(), 'funnel query');
    const range = resolveRange(query, now(), 30);
    // Starts fall in the range; later steps may complete up to one window after it ends.
    const events = await repository.funnelEvents(query.steps, { since: range.since, until: range.until + query.windowMs });
    const funnel = { steps: query.steps, windowMs: query.windowMs, ...range, result: computeFunnel(events, query.steps, query.windowMs, range) };
    if (!query.experiment) return context.json(funnel);
    const variations = await repository.variations(query.experiment, range.until + query.windowMs);
    const names = [...new Set(variations.values())].sort();
    return context.json({
      ...funnel,
      experiment: query.experiment,
      variations: names.map((variation) => ({
        variation,
        result: computeFunnel(events.filter((event) => variations.get(event.actor) === variation), query.steps, query.windowMs, range),
      })),
    });
  });

  routes.get('/analytics/retention', async (context) => {
    requireReader(context, options);
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    const activity = await repository.weeklyActivity(range);
    return context.json({ ...range, cohorts: retentionCohorts(activity, weekIndex(range.until - 1)) });
  });

  routes.get('/analytics/vitals', async (context) => {
    requireReader(context, options);
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    return context.json({ ...range, vitals: summarizeVitals(await repository.vitals(range, query.path)) });
  });

  return routes;
}
