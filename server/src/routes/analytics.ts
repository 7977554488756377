import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
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
import { HttpError } from '../http-errors.ts';
import type { ReadCredentials } from '../auth.ts';
import type { Storage } from '../storage/types.ts';

interface AnalyticsRoutesOptions extends ReadCredentials {
  storage: Storage;
  now?: () => number;
}

/** The options resolved once for every group of read routes: who may read, the engine to read and the clock. */
interface AnalyticsReadOptions {
  credentials: ReadCredentials;
  analytics: AnalyticsEngine;
  now: () => number;
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
  const reads: AnalyticsReadOptions = {
    credentials: options,
    analytics: options.storage.analytics,
    now: options.now ?? Date.now,
  };
  registerFunnelAndRetentionRoutes(routes, reads);
  registerPerformanceRoutes(routes, reads);
  registerDashboardRoutes(routes, reads);
  registerEngineStatusRoute(routes, reads);
  return routes;
}

/** `GET /analytics/funnels` and `GET /analytics/retention`: how users move through steps and come back. */
function registerFunnelAndRetentionRoutes(routes: Hono, { credentials, analytics, now }: AnalyticsReadOptions): void {
  routes.get('/analytics/funnels', async (context) => {
    requireReader(context, credentials);
    const query = parseOr400(FunnelQuerySchema, context.req.query(), 'funnel query');
    const range = resolveRange(query, now(), 30);
    return answer(
      context,
      await analytics.runJson('funnel', {
        steps: query.steps,
        windowMs: query.windowMs,
        ...range,
        ...(query.experiment ? { experiment: query.experiment } : {}),
      }),
    );
  });

  routes.get('/analytics/retention', async (context) => {
    requireReader(context, credentials);
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    return answer(context, await analytics.runJson('retention', range));
  });
}

/** `GET /analytics/vitals`, `GET /analytics/api-performance` and `GET /analytics/long-frame-scripts`. */
function registerPerformanceRoutes(routes: Hono, { credentials, analytics, now }: AnalyticsReadOptions): void {
  routes.get('/analytics/vitals', async (context) => {
    requireReader(context, credentials);
    const query = parseOr400(VitalsQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    // Per route template (`/contacts/:id`) by default, the answer's `path` then holds the template: per raw path, a
    // CRM has a row per record ever opened. Raw paths only for one route (or page), and at most `limit` of them.
    const narrowed = query.path !== undefined || query.route !== undefined;
    const groupBy = query.groupBy ?? (narrowed ? 'path' : 'route');
    if (groupBy === 'path' && !narrowed)
      throw new HttpError(
        400,
        'groupBy=path needs route=<template> (e.g. route=/contacts/:id) or path=<page>: pages are listed for one route at a time',
      );
    return answer(
      context,
      await analytics.runJson('vitals', {
        ...range,
        ...defined({ path: query.path, route: query.route }),
        groupBy,
        ...(groupBy === 'path' ? { limit: query.limit } : {}),
      }),
    );
  });

  routes.get('/analytics/api-performance', async (context) => {
    requireReader(context, credentials);
    const query = parseOr400(ApiPerformanceQuerySchema, context.req.query(), 'API performance query');
    return answer(
      context,
      await analytics.runJson('apiPerformance', {
        ...resolveRange(query, now(), 7),
        ...defined({ route: query.route, method: query.method }),
      }),
    );
  });

  routes.get('/analytics/long-frame-scripts', async (context) => {
    requireReader(context, credentials);
    const query = parseOr400(LongFrameScriptsQuerySchema, context.req.query(), 'long-frame scripts query');
    return context.json(
      await analytics.run('longFrameScripts', {
        ...resolveRange(query, now(), 7),
        limit: query.limit,
        ...defined({ route: query.route }),
      }),
    );
  });
}

/** The dashboard's reads: `GET /analytics/trends`, `GET /analytics/revenue` and `GET /analytics/overview`. */
function registerDashboardRoutes(routes: Hono, { credentials, analytics, now }: AnalyticsReadOptions): void {
  routes.get('/analytics/trends', async (context) => {
    requireReader(context, credentials);
    const query = parseOr400(TrendsQuerySchema, context.req.query(), 'trends query');
    // Hourly series (errors, events) default to a week of points, daily ones to 30 days.
    const range = resolveRange(query, now(), query.series === 'errors' || query.series === 'events' ? 7 : 30);
    return answer(
      context,
      await analytics.runJson('trends', {
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
    requireReader(context, credentials);
    const query = parseOr400(RevenueQuerySchema, context.req.query(), 'revenue query');
    return answer(
      context,
      await analytics.runJson('revenue', {
        ...resolveRange(query, now(), 30),
        ...defined({ breakdown: query.breakdown }),
      }),
    );
  });

  routes.get('/analytics/overview', async (context) => {
    requireReader(context, credentials);
    return answer(context, await analytics.runJson('overview', { now: now() }));
  });
}

/** `GET /analytics/engine/status`: the engine's own state, not a read of the events. */
function registerEngineStatusRoute(routes: Hono, { credentials, analytics }: AnalyticsReadOptions): void {
  routes.get('/analytics/engine/status', async (context) => {
    requireReader(context, credentials);
    return context.json(await analytics.status());
  });
}

/** Sends a read's answer as the worker serialised it: nothing big is stringified on the event loop. */
function answer(context: Context, json: string): Response {
  return context.body(json, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
}

/** The entries whose value is given: optional read parameters are left out rather than sent as undefined. */
function defined<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
