import { percentile } from './analytics/vitals-summary.ts';
import { uuidv7 } from '../../shared/uuid.ts';

/** The tag on every event a load test sends: the analytics projection passes them over. */
export const LOAD_TEST_TAG = 'load-test';

/** How much load to make; the route caps each so a load test cannot take the server down. */
export interface LoadTestPlan {
  requests: number;
  concurrency: number;
  eventsPerBatch: number;
}

/** What a load test measured. */
export interface LoadTestResult extends LoadTestPlan {
  ok: number;
  rateLimited: number;
  failed: number;
  durationMs: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** The session every test event was sent under (deleted afterwards). */
  sessionId: string;
}

/**
 * Sends `requests` ingest batches of `eventsPerBatch` `track` events, `concurrency` at a time, through `send`
 * (a fetch to the server's own loopback address, or the app's fetch handler in-process), and measures each.
 * All events share one fresh session id so the caller can delete them afterwards.
 */
export async function runLoadTest(
  plan: LoadTestPlan,
  send: (body: string) => Promise<Response>,
  clock: () => number = () => performance.now(),
  now: () => number = Date.now,
  onProgress?: (progress: { sent: number; ok: number; rateLimited: number; failed: number }) => void,
): Promise<LoadTestResult> {
  const sessionId = uuidv7(now());
  const anonymousId = uuidv7(now());
  const latencies: number[] = [];
  const counts = { ok: 0, rateLimited: 0, failed: 0 };
  let issued = 0;
  const started = clock();
  const worker = async () => {
    while (issued < plan.requests) {
      issued += 1;
      const ts = now();
      const events = Array.from({ length: plan.eventsPerBatch }, () => ({
        id: uuidv7(ts),
        type: 'track',
        name: 'Load Test',
        ts,
        sessionId,
        anonymousId,
        tags: [LOAD_TEST_TAG],
      }));
      const begun = clock();
      try {
        const response = await send(JSON.stringify({ sentAt: ts, events }));
        await response.arrayBuffer();
        if (response.ok) counts.ok += 1;
        else if (response.status === 429) counts.rateLimited += 1;
        else counts.failed += 1;
      } catch {
        counts.failed += 1;
      }
      latencies.push(clock() - begun);
      onProgress?.({ sent: latencies.length, ...counts });
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests) }, worker));
  const durationMs = Math.max(clock() - started, 0.001);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    ...plan,
    ...counts,
    durationMs: round(durationMs),
    requestsPerSecond: round((plan.requests / durationMs) * 1000),
    eventsPerSecond: round(((counts.ok * plan.eventsPerBatch) / durationMs) * 1000),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
    },
    sessionId,
  };
}
