import { expect, it } from 'vitest';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import { createMetricsRepository } from './metrics-repository.ts';

forEachTestDatabase('metric samples', (open) => {
  it('rolls raw samples up to minutes and hours, combines replicas per metric and purges by retention', async () => {
    const storage = await storageOn(await open());
    try {
      const metrics = createMetricsRepository(storage.db);
      const hour = Date.UTC(2026, 11, 6, 10);
      for (let i = 0; i < 6; i++) {
        await metrics.record('a', hour + i * 10_000, {
          ingest_events_per_second: 10 + i,
          http_latency_p99_ms: 100 + i,
        });
        await metrics.record('b', hour + i * 10_000, { ingest_events_per_second: 1, http_latency_p99_ms: 50 });
      }
      await metrics.record('a', hour + 60_000, { ingest_events_per_second: 40, http_latency_p99_ms: 10 });
      const raw = await metrics.series('10s', hour, hour + 70_000);
      expect(raw.ingest_events_per_second!.avg).toEqual([11, 12, 13, 14, 15, 16, 40]);
      expect(raw.http_latency_p99_ms!.avg.slice(0, 2)).toEqual([100, 101]);
      const minutes = await metrics.series('1m', hour, hour + 120_000);
      expect(minutes.ingest_events_per_second).toEqual({ at: [hour, hour + 60_000], avg: [13.5, 40], max: [15, 40] });
      const hours = await metrics.series('1h', hour, hour + 3_600_000, ['ingest_events_per_second']);
      expect(Object.keys(hours)).toEqual(['ingest_events_per_second']);
      expect(hours.ingest_events_per_second!.avg[0]).toBeCloseTo((10 + 11 + 12 + 13 + 14 + 15 + 40) / 7 + 1, 1);
      const removed = await metrics.purge(hour + 2 * 86_400_000);
      expect(removed).toBe(26);
      expect(await metrics.series('10s', hour, hour + 70_000)).toEqual({});
      expect(Object.keys(await metrics.series('1m', hour, hour + 120_000))).toHaveLength(2);
    } finally {
      await storage.close();
    }
  });

  it('combines replicas by each metric’s rule, keeps per-route series out unless asked, and skips values that are not finite', async () => {
    const storage = await storageOn(await open());
    try {
      const metrics = createMetricsRepository(storage.db);
      const at = Date.UTC(2026, 11, 6, 10);
      const route = 'http_route:GET /api/events';
      await metrics.record('a', at, {
        system_cpu_percent: 20,
        health_score: 90,
        [route]: 3,
        sample_rate_avg: Number.NaN,
      });
      await metrics.record('b', at, { system_cpu_percent: 40, health_score: 60, [route]: 4.333 });
      await metrics.record('c', at, { sample_rate_avg: Number.POSITIVE_INFINITY });
      expect(await metrics.series('10s', at, at + 1)).toEqual({
        system_cpu_percent: { at: [at], avg: [30], max: [40] },
        health_score: { at: [at], avg: [60], max: [90] },
      });
      const withRoutes = await metrics.series('10s', at, at + 1, undefined, true);
      expect(withRoutes[route]).toEqual({ at: [at], avg: [7.33], max: [7.33] });
      expect(Object.keys(await metrics.series('10s', at, at + 1, [route]))).toEqual([route]);
    } finally {
      await storage.close();
    }
  });
});
