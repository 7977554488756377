import { percentile } from './analytics/vitals-summary.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { gzippedBatch } from './loadtest/traffic-mix.ts';
import type { Visitor } from './loadtest/traffic-mix.ts';

/** The tag on every event a load test sends: the analytics projection passes them over. */
export const LOAD_TEST_TAG = 'load-test';

/** How many simulated visitors a self-load-test spreads its batches over (each its own session). */
const VISITORS = 8;

/** How much load to make; the route caps each so a load test cannot take the server down. */
export interface LoadTestPlan {
  requests: number;
  concurrency: number;
  eventsPerBatch: number;
}

/** Where a run is: requests answered so far, by outcome. */
export interface LoadTestProgress {
  sent: number;
  ok: number;
  rateLimited: number;
  failed: number;
}

/** What a load test measured. */
export interface LoadTestResult extends LoadTestPlan, LoadTestProgress {
  durationMs: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Gzipped bytes sent, all requests. */
  bytesSent: number;
  /** Events sent per type (page, vital, api, track, error): the widget's traffic mix. */
  mix: Record<string, number>;
  /** The sessions the test events were sent under (the route deletes them afterwards). */
  sessionIds: string[];
}

/**
 * Sends `requests` gzipped ingest batches of `eventsPerBatch` events in the widget's traffic mix (page views,
 * vitals, API timings, tracks, errors; the same mix `npm run loadtest` sends), every event tagged `load-test`,
 * `concurrency` at a time, through `send` (a fetch to the server's own loopback address, or the app's fetch
 * handler in-process), and measures each answer. Stops issuing requests once `signal` aborts.
 */
export async function runLoadTest(
  plan: LoadTestPlan,
  send: (body: Uint8Array<ArrayBuffer>) => Promise<Response>,
  options: { onProgress?: (progress: LoadTestProgress) => void; signal?: AbortSignal; now?: () => number } = {},
): Promise<LoadTestResult> {
  const now = options.now ?? Date.now;
  const visitors: Visitor[] = Array.from({ length: VISITORS }, () => ({
    sessionId: uuidv7(now()),
    anonymousId: uuidv7(now()),
  }));
  const latencies: number[] = [];
  const counts = { ok: 0, rateLimited: 0, failed: 0 };
  const mix: Record<string, number> = {};
  let issued = 0;
  let bytesSent = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < plan.requests && !options.signal?.aborted) {
      const visitor = visitors[issued % visitors.length]!;
      issued += 1;
      const { body, events } = await gzippedBatch(visitor, plan.eventsPerBatch, now(), { tags: [LOAD_TEST_TAG] });
      for (const event of events) mix[String(event.type)] = (mix[String(event.type)] ?? 0) + 1;
      bytesSent += body.length;
      const begun = performance.now();
      try {
        const response = await send(body);
        await response.arrayBuffer();
        if (response.ok) counts.ok += 1;
        else if (response.status === 429) counts.rateLimited += 1;
        else counts.failed += 1;
      } catch {
        counts.failed += 1;
      }
      latencies.push(performance.now() - begun);
      options.onProgress?.({ sent: latencies.length, ...counts });
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests) }, worker));
  return summarize(plan, { sent: latencies.length, ...counts }, latencies, performance.now() - started, {
    bytesSent,
    mix,
    sessionIds: visitors.map((visitor) => visitor.sessionId),
  });
}

function summarize(
  plan: LoadTestPlan,
  progress: LoadTestProgress,
  latencies: number[],
  elapsedMs: number,
  sent: Pick<LoadTestResult, 'bytesSent' | 'mix' | 'sessionIds'>,
): LoadTestResult {
  const durationMs = Math.max(elapsedMs, 0.001);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    ...plan,
    ...progress,
    durationMs: round(durationMs),
    requestsPerSecond: round((progress.sent / durationMs) * 1000),
    eventsPerSecond: round(((progress.ok * plan.eventsPerBatch) / durationMs) * 1000),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.length ? Math.max(...latencies) : 0),
    },
    ...sent,
  };
}
