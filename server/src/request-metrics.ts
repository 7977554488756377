import type { MiddlewareHandler } from 'hono';
import { percentile } from './analytics/vitals-summary.ts';

/** Counters and recent latencies of the API since the process started. */
export interface RequestMetrics {
  middleware: MiddlewareHandler;
  snapshot(): RequestMetricsSnapshot;
}

/** What `GET /infrastructure/metrics` reports about requests. */
export interface RequestMetricsSnapshot {
  total: number;
  byStatus: Record<string, number>;
  /** Over the most recent `window` requests, in ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  rateLimited: number;
}

/**
 * Counts every API request by status class and keeps the latencies of the last `window` of them in a ring, so
 * memory stays fixed however long the server runs.
 */
export function createRequestMetrics(clock: () => number = () => performance.now(), window = 2000): RequestMetrics {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  let total = 0;
  let slot = 0;
  return {
    async middleware(context, next) {
      const started = clock();
      await next();
      const elapsed = clock() - started;
      total += 1;
      const status = `${Math.floor(context.res.status / 100)}xx`;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (context.res.status === 429) byStatus['429'] = (byStatus['429'] ?? 0) + 1;
      latencies[slot] = elapsed;
      slot = (slot + 1) % window;
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
  };
}
