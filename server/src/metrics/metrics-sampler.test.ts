import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestInterval, RequestMetrics, RouteFigures } from '../request-metrics.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { healthScore } from './health-score.ts';
import type { IngestMeter } from './ingest-meter.ts';
import type { MetricValues } from './metric-catalogue.ts';
import { createMetricsSampler } from './metrics-sampler.ts';
import type { MetricsSampler } from './metrics-sampler.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 6, 12);

/** Route figures of `requests` requests, `failed` of them answered 5xx. */
function figures(requests: number, failed = 0): RouteFigures {
  return { requests, errors5xx: failed, rateLimited: 0, latencies: [] };
}

describe('the metrics sampler', () => {
  let dir: string;
  let storage: Storage;
  let sampler: MetricsSampler;
  let elapsed: number;
  let wall: number;
  let network: { in: number; out: number } | undefined;
  let interval: RequestInterval;
  let processStops: number;
  const recorded: [string, number, MetricValues][] = [];
  const purged: number[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-sampler-'));
    storage = await openStorage({ dataDir: dir });
    elapsed = 0;
    wall = START;
    network = { in: 0, out: 0 };
    interval = { all: figures(0), routes: new Map() };
    processStops = 0;
    recorded.length = 0;
    purged.length = 0;
    sampler = createMetricsSampler({
      db: storage.db,
      repository: {
        record: async (instance, at, values) => void recorded.push([instance, at, values]),
        purge: async (now) => purged.push(now),
        series: async () => ({}),
      },
      requests: { takeInterval: () => interval } as Pick<RequestMetrics, 'takeInterval'> as RequestMetrics,
      ingest: { take: () => ({}) } as Pick<IngestMeter, 'take'> as IngestMeter,
      process: { read: () => ({ event_loop_delay_p99_ms: 5 }), stop: () => void processStops++ },
      network: () => network && { totals: () => network! },
      instance: 'host:1',
      now: () => wall,
      clock: () => elapsed,
    });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One sample `seconds` after the last, with `ingest` requests to the events route and `other` elsewhere. */
  async function sampleAfter(seconds: number, ingest: RouteFigures, other = figures(0)) {
    elapsed += seconds * 1000;
    wall += seconds * 1000;
    interval = {
      all: figures(ingest.requests + other.requests, ingest.errors5xx + other.errors5xx),
      routes: new Map([
        ['POST /api/analytics/events', ingest],
        ['GET /api/events', other],
      ]),
    };
    return sampler.sample();
  }

  it('turns an interval into rates, stores it as this instance at the wall time and keeps it as the latest', async () => {
    network = { in: 10_000, out: 20_000 };
    const values = await sampleAfter(10, figures(10, 1), figures(10, 1));
    expect(values).toMatchObject({
      event_loop_delay_p99_ms: 5,
      http_requests_per_second: 2,
      http_5xx_per_second: 0.2,
      ingest_requests_per_second: 1,
      ingest_5xx_per_second: 0.1,
      network_in_bytes_per_second: 1000,
      network_out_bytes_per_second: 2000,
      'http_route:GET /api/events:requests_per_second': 1,
      'http_route:POST /api/analytics/events:errors_per_second': 0.1,
      db_pool_in_use: 0,
    });
    expect(values.health_score).toBe(sampler.health().score);
    expect(sampler.latest()).toBe(values);
    expect(recorded).toEqual([['host:1', START + 10_000, values]]);

    // Without a network meter the totals are taken as unchanged.
    network = undefined;
    expect(await sampleAfter(5, figures(0))).toMatchObject({
      network_in_bytes_per_second: 0,
      http_requests_per_second: 0,
    });
    network = { in: 15_000, out: 20_000 };
    expect((await sampleAfter(5, figures(0))).network_in_bytes_per_second).toBe(1000);
  });

  it('scores ingest over the last 30 samples and errors over the last hour of them', async () => {
    await sampleAfter(10, figures(100, 100));
    for (let i = 0; i < 29; i++) await sampleAfter(10, figures(1));
    const early = sampler.latest();
    expect(sampler.health()).toEqual(
      healthScore({ latest: early, ingest: { requests: 129, failed: 100 }, hour: { requests: 129, failed: 100 } }),
    );
    await sampleAfter(10, figures(1));
    expect(sampler.health()).toEqual(
      healthScore({
        latest: sampler.latest(),
        ingest: { requests: 30, failed: 0 },
        hour: { requests: 130, failed: 100 },
      }),
    );
    for (let i = 0; i < 330; i++) await sampleAfter(10, figures(0), figures(1, 1));
    expect(sampler.health()).toEqual(
      healthScore({
        latest: sampler.latest(),
        ingest: { requests: 0, failed: 0 },
        hour: { requests: 360, failed: 330 },
      }),
    );
  });

  it('purges on the first sample and then at most once an hour', async () => {
    await sampleAfter(10, figures(0));
    await sampleAfter(HOUR / 1000 - 10, figures(0));
    await sampleAfter(10, figures(0));
    expect(purged).toEqual([START + 10_000]);
    await sampleAfter(10, figures(0));
    expect(purged).toEqual([START + 10_000, START + HOUR + 20_000]);
  });

  it('samples on its interval once started, and stops the interval and the process probe when stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    sampler.start(10_000);
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(() => expect(recorded).toHaveLength(2));
    sampler.stop();
    expect(processStops).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(recorded).toHaveLength(2);
  });
});
