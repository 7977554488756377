import type { InsightEvent } from '../../shared/protocol.ts';
import { serializeBatch } from '../../shared/protocol.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { WRITE_KEY } from './server-process.ts';
import { percentile } from './stats.ts';

/** How hard and how long to push: bounded in count and in time, so the generator always stops by itself. */
export interface LoadOptions {
  batchSize: number;
  maxBatches: number;
  maxSeconds: number;
  concurrency: number;
}

/** What one load measured: batches and events sent, what the server accepted, and each batch's latency. */
export interface LoadFigures {
  batches: number;
  events: number;
  /** Events the server answered as accepted (not duplicates, not rejected). */
  accepted: number;
  failures: number;
  /** Why batches failed, by `status: error` (or the network error), with counts. */
  failureReasons: Record<string, number>;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** A batch like the widget's: track events of one session on one page, with a few properties. */
export function makeBatch(size: number, now: number, sessionId: string, anonymousId: string): string {
  const events: InsightEvent[] = Array.from({ length: size }, (_, index) => ({
    id: uuidv7(now),
    type: 'track',
    name: 'Deal Stage Changed',
    ts: now - size + index,
    sessionId,
    anonymousId,
    page: { url: 'http://127.0.0.1/demo/pipeline', path: '/demo/pipeline', title: 'Acme CRM' },
    props: { deal_id: index, from: 'Lead', to: 'Qualified', value: 12_000 + index },
  }));
  return serializeBatch(events, now);
}

/** Pushes 50-event batches at the server from `concurrency` loops until the count or the time runs out. */
export async function pushLoad(origin: string, options: LoadOptions): Promise<LoadFigures> {
  const url = `${origin}/api/analytics/events`;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE_KEY}` };
  const sessionId = uuidv7();
  const anonymousId = uuidv7();
  // Bodies are made before the clock starts, so the generator's own work is not counted as the server's.
  const bodies = Array.from({ length: options.maxBatches }, () =>
    makeBatch(options.batchSize, Date.now(), sessionId, anonymousId),
  );
  const failureReasons: Record<string, number> = {};
  const fail = (reason: string) => {
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
    return -1;
  };
  const post = async (body: string) => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const answer = (await response.json().catch(() => ({}))) as { accepted?: number; error?: string };
    return response.ok
      ? (answer.accepted ?? 0)
      : fail(`${response.status}: ${answer.error ?? 'no error message'}`.slice(0, 120));
  };
  // Warm up the connection pool and the server's prepared statements.
  const warmup = Array.from({ length: 10 }, () => makeBatch(options.batchSize, Date.now(), sessionId, anonymousId));
  for (const body of warmup) await post(body);

  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const loop = async () => {
    while (next < bodies.length && performance.now() < deadline) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const stored = await post(body).catch((error: unknown) =>
        fail(error instanceof Error ? error.message : String(error)),
      );
      latencies.push(performance.now() - sent);
      if (stored < 0) failures += 1;
      else accepted += stored;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return {
    batches: latencies.length,
    events: latencies.length * options.batchSize,
    accepted,
    failures,
    failureReasons,
    seconds,
    eventsPerSecond: accepted / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
