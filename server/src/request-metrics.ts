import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { percentile } from './analytics/vitals-summary.ts';

/** Counters and recent latencies of the API since the process started, and per sampling interval. */
export interface RequestMetrics {
  middleware: MiddlewareHandler;
  snapshot(): RequestMetricsSnapshot;
  /** What happened since the previous call, per route template; resets the interval. */
  takeInterval(): RequestInterval;
}

/** What `GET /infrastructure/metrics` reports about requests. */
interface RequestMetricsSnapshot {
  total: number;
  byStatus: Record<string, number>;
  /** Over the most recent `window` requests, in ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  rateLimited: number;
}

/** One route template's figures over an interval. */
export interface RouteFigures {
  requests: number;
  errors5xx: number;
  rateLimited: number;
  latencies: number[];
}

/** Requests over one sampling interval, all routes together and per `METHOD /template`. */
export interface RequestInterval {
  all: RouteFigures;
  routes: Map<string, RouteFigures>;
}

/** Latencies kept per route per interval: enough for a p99, bounded however busy the interval. */
const INTERVAL_LATENCIES = 2000;

/**
 * Counts every API request by status class and keeps the latencies of the last `window` of them in a ring, so
 * memory stays fixed however long the server runs; also accumulates per route template for the sampler.
 */
export function createRequestMetrics(clock: () => number = () => performance.now(), window = 2000): RequestMetrics {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  let total = 0;
  let slot = 0;
  let interval: RequestInterval = { all: emptyFigures(), routes: new Map() };
  return {
    async middleware(context, next) {
      const started = clock();
      await next();
      const elapsed = clock() - started;
      total += 1;
      const code = context.res.status;
      const status = `${Math.floor(code / 100)}xx`;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (code === 429) byStatus['429'] = (byStatus['429'] ?? 0) + 1;
      latencies[slot] = elapsed;
      slot = (slot + 1) % window;
      // The template of the handler that answered (after `next`, the route index points at it), never the raw path,
      // so the set of routes stays small; unknown paths all fall to the `/api/*` catch-all.
      const route = `${context.req.method} ${routePath(context)}`;
      const figures = interval.routes.get(route) ?? emptyFigures();
      interval.routes.set(route, figures);
      for (const each of [interval.all, figures]) {
        each.requests += 1;
        if (code >= 500) each.errors5xx += 1;
        if (code === 429) each.rateLimited += 1;
        if (each.latencies.length < INTERVAL_LATENCIES) each.latencies.push(elapsed);
        else each.latencies[Math.floor(Math.random() * INTERVAL_LATENCIES)] = elapsed;
      }
    },
    snapshot() {
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        total,
        byStatus: { ...byStatus },
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.length ? Math.max(...latencies) : 0),
        },
        rateLimited: byStatus['429'] ?? 0,
      };
    },
    takeInterval() {
      const taken = interval;
      interval = { all: emptyFigures(), routes: new Map() };
      return taken;
    },
  };
}

function emptyFigures(): RouteFigures {
  return { requests: 0, errors5xx: 0, rateLimited: 0, latencies: [] };
}
