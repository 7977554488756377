import { Hono } from 'hono';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import type { RequestMetrics } from '../request-metrics.ts';
import type { Storage } from '../storage/types.ts';

interface InfrastructureRoutesOptions extends ReadCredentials {
  storage: Storage;
  metrics: RequestMetrics;
  version?: string;
}

/**
 * `GET /infrastructure/metrics` (read key or staff token): this server process as it runs — uptime, memory,
 * event-loop delay, requests by status and their latency, rate-limited requests, and what storage holds.
 */
export function infrastructureRoutes({ storage, metrics, version = 'dev', ...keys }: InfrastructureRoutesOptions): Hono {
  const routes = new Hono();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const nsToMs = (value: number) => Math.round((value / 1e6) * 100) / 100;

  routes.get('/infrastructure/metrics', async (context) => {
    requireReader(context, keys);
    const memory = process.memoryUsage();
    const counted = await storage.db.get<{ events: number }>('SELECT COUNT(*) AS events FROM events');
    return context.json({
      version,
      uptimeSeconds: Math.round(process.uptime()),
      node: process.version,
      memoryMb: { rss: Math.round(memory.rss / 1048576), heapUsed: Math.round(memory.heapUsed / 1048576) },
      eventLoopDelayMs: { p50: nsToMs(loopDelay.percentile(50)), p99: nsToMs(loopDelay.percentile(99)), max: nsToMs(loopDelay.max) },
      requests: metrics.snapshot(),
      storage: { kind: storage.kind, events: counted?.events ?? 0 },
    });
  });

  return routes;
}
